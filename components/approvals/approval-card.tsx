'use client';

import { Ban, CheckCircle2, Clock, ShieldAlert, XCircle } from 'lucide-react';
import { useState } from 'react';
import type { ApprovalView } from '@/db/queries/approvals';
import { mayDecide } from '@/lib/auth/permissions';
import { useFocusComposer } from '@/components/chat/composer';
import { useNameOf, useViewer } from '@/components/viewer';
import { refreshApprovals } from './approvals-api';
import { useReplaying } from './replay-context';
import { useNow } from './use-now';
import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';

/** "in 23 h 5 min", "in 4 min", "in under a minute". */
function timeLeft(expiresAt: string, now: number): string | null {
  const ms = Date.parse(expiresAt) - now;
  if (ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'in under a minute';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `in ${hours} h ${minutes % 60} min` : `in ${minutes} min`;
}

/** What a decision's own answer says, until the stream (or a reload) says more than "pending". */
export function newestApproval(streamed: ApprovalView, answered: ApprovalView | null): ApprovalView {
  return answered && answered.approvalId === streamed.approvalId && streamed.status === 'pending' ? answered : streamed;
}

/**
 * A request to do something destructive: what will happen, the tool's input, how long is
 * left, Approve / Reject with an optional reason. Once decided: who, when, and the outcome.
 */
export function ApprovalCard({
  approval: streamed,
  onAnswered,
}: {
  approval: ApprovalView;
  /** The state the server answered a decision with, before the stream brings it. */
  onAnswered?: (approval: ApprovalView) => void;
}) {
  // The card shows the newest state it knows: from the stream, or from its own request.
  const [answered, setAnswered] = useState<ApprovalView | null>(null);
  const approval = newestApproval(streamed, answered);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState<'approve' | 'reject' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useNow();
  const left = timeLeft(approval.expiresAt, now);
  const replaying = useReplaying();
  const status = approval.status === 'pending' && !left && !replaying ? 'expired' : approval.status;
  const viewer = useViewer();
  const nameOf = useNameOf();
  // Cards stored before people had roles carry no requester: those were always the viewer's own.
  const requestedBy = approval.requestedBy ?? (viewer ? { id: viewer.userId, name: viewer.name } : null);
  const deciders = approval.deciders ?? [];
  const right = viewer && requestedBy ? mayDecide({ requesterId: requestedBy.id, approversOnly: Boolean(approval.approversOnly) }, viewer) : null;
  const canDecide = right?.allowed ?? false;
  const mine = requestedBy?.id === viewer?.userId;

  const focusComposer = useFocusComposer();

  async function send(decision: 'approve' | 'reject') {
    setSending(decision);
    setNotice(null);
    try {
      const response = await fetch(`/api/approvals/${approval.approvalId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
      });
      const body = (await response.json()) as { approval?: ApprovalView; error?: { message: string; approval?: ApprovalView } };
      const latest = body.approval ?? body.error?.approval;
      if (latest) {
        setAnswered(latest);
        onAnswered?.(latest);
      }
      if (response.status === 409) setNotice('Someone already decided this, maybe in another tab.');
      else if (response.status === 403) setNotice(body.error?.message ?? 'You may not decide this request.');
      else if (response.status === 410) setNotice(body.error?.message ?? 'This request can no longer be decided.');
      else if (!response.ok && !latest) setNotice(body.error?.message ?? 'Could not send your decision. Try again.');
      refreshApprovals();
      focusComposer();
    } catch {
      setNotice('Could not reach the server. Try again.');
    } finally {
      setSending(null);
    }
  }

  return (
    <section
      aria-label={`Approval: ${approval.summary}`}
      data-testid="approval-card"
      data-status={status}
      className="border-t bg-background/60 px-3 py-3"
    >
      <p className="flex items-start gap-2 font-medium">
        <ShieldAlert className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400" aria-hidden />
        {approval.summary}
      </p>
      {status === 'pending' && replaying ? (
        <p className="mt-1 pl-6 text-xs text-muted-foreground" data-testid="approval-waiting-for">
          <Clock className="mr-1 inline size-3" aria-hidden />
          Waiting for a decision at this point of the run
        </p>
      ) : status === 'pending' && !canDecide ? (
        <p className="mt-1 pl-6 text-xs text-muted-foreground" data-testid="approval-waiting-for">
          <Clock className="mr-1 inline size-3" aria-hidden />
          {mine ? 'Above your limit: an approver must decide it. ' : `Asked by ${nameOf(requestedBy)}. `}
          {deciders.length > 0
            ? `Sent to ${deciders.join(', ')}`
            : 'Nobody can approve it yet: ask an admin to make someone an approver'}{' '}
          · expires {left}
        </p>
      ) : status === 'pending' ? (
        <>
          <p className="mt-1 flex items-center gap-1 pl-6 text-xs text-muted-foreground">
            <Clock className="size-3" aria-hidden />
            {mine ? 'Needs your approval' : `${requestedBy?.name ?? 'Someone'} asks for your approval`} · expires {left}
          </p>
          <div className="mt-3 flex flex-col gap-2 pl-6 sm:flex-row sm:items-center">
            <input
              type="text"
              aria-label="Reason (optional)"
              placeholder="Reason (optional)"
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              className="min-w-0 flex-1 rounded-md border bg-background px-2 py-1.5 text-sm"
            />
            <div className="flex gap-2">
              <Button variant="primary" disabled={sending !== null} onClick={() => send('approve')}>
                {sending === 'approve' ? 'Approving…' : 'Approve'}
              </Button>
              <Button disabled={sending !== null} onClick={() => send('reject')}>
                {sending === 'reject' ? 'Rejecting…' : 'Reject'}
              </Button>
            </div>
          </div>
        </>
      ) : (
        <p className="mt-1 flex items-center gap-1.5 pl-6 text-sm" role="status">
          {status === 'approved' && <CheckCircle2 className="size-4 text-success" aria-hidden />}
          {status === 'rejected' && <XCircle className="size-4 text-destructive" aria-hidden />}
          {status === 'expired' && <Clock className="size-4 text-muted-foreground" aria-hidden />}
          {status === 'cancelled' && <Ban className="size-4 text-muted-foreground" aria-hidden />}
          <span>
            {status === 'expired' ? (
              <>
                Expired <LocalTime iso={approval.expiresAt} /> without a decision
              </>
            ) : status === 'cancelled' ? (
              `Cancelled · ${approval.reason ?? 'its turn ended before anyone decided.'}`
            ) : (
              <>
                {status === 'approved' ? 'Approved' : 'Rejected'} by {nameOf(approval.decidedBy)}
                {approval.decidedAt && (
                  <>
                    {' · '}
                    <LocalTime iso={approval.decidedAt} />
                  </>
                )}
                {approval.reason ? ` · “${approval.reason}”` : ''}
              </>
            )}
          </span>
        </p>
      )}
      {notice && (
        <p role="alert" className="mt-2 pl-6 text-xs text-muted-foreground">
          {notice}
        </p>
      )}
    </section>
  );
}
