'use client';

import Link from 'next/link';
import useSWR from 'swr';
import type { ApprovalListItem } from '@/db/queries/approvals';
import { mayDecide } from '@/lib/auth/permissions';
import { PageBody, PageHeader } from '@/components/app-shell';
import { LocalTime } from '@/components/ui/local-time';
import { useNameOf, useViewer, type PageViewer } from '@/components/viewer';
import { ApprovalCard } from './approval-card';
import { ALL_APPROVALS_KEY, fetchApprovals } from './approvals-api';

/** Whether this viewer can decide the request now (the same rule the server applies). */
export function decidableBy(approval: ApprovalListItem, viewer: PageViewer | null): boolean {
  if (!viewer || approval.status !== 'pending') return false;
  const requesterId = approval.requestedBy?.id ?? viewer.userId;
  return mayDecide({ requesterId, approversOnly: Boolean(approval.approversOnly) }, viewer).allowed;
}

/**
 * The approvals inbox: the requests waiting for the viewer's decision (an approver's: everyone
 * else's, and their own within their limit), the viewer's requests waiting for someone else,
 * then the decided ones. Each says who asked, in which chat, what it does, and time left.
 */
export function ApprovalInbox({ initialApprovals }: { initialApprovals: ApprovalListItem[] }) {
  const viewer = useViewer();
  const { data: approvals = initialApprovals } = useSWR(ALL_APPROVALS_KEY, fetchApprovals, {
    fallbackData: initialApprovals,
    refreshInterval: 5000,
  });
  const forMe = approvals.filter((a) => decidableBy(a, viewer));
  const forOthers = approvals.filter((a) => a.status === 'pending' && !forMe.includes(a));
  const decided = approvals.filter((a) => a.status !== 'pending');

  return (
    <>
      <PageHeader>
        <h1 className="text-sm font-medium">Approvals</h1>
      </PageHeader>
      <PageBody width="narrow" className="gap-8">
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading" className="mb-3 text-base font-semibold">
            Waiting for you {forMe.length > 0 && <span className="text-muted-foreground">({forMe.length})</span>}
          </h2>
          {forMe.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing is waiting for your decision.</p>
          ) : (
            <ul className="flex flex-col gap-3" data-testid="waiting-for-me">
              {forMe.map((approval) => (
                <InboxItem key={approval.approvalId} approval={approval} />
              ))}
            </ul>
          )}
        </section>
        {forOthers.length > 0 && (
          <section aria-labelledby="others-heading">
            <h2 id="others-heading" className="mb-3 text-base font-semibold">
              Waiting for an approver
            </h2>
            <ul className="flex flex-col gap-3" data-testid="waiting-for-others">
              {forOthers.map((approval) => (
                <InboxItem key={approval.approvalId} approval={approval} />
              ))}
            </ul>
          </section>
        )}
        {decided.length > 0 && (
          <section aria-labelledby="decided-heading">
            <h2 id="decided-heading" className="mb-3 text-base font-semibold">
              Decided, expired or cancelled
            </h2>
            <ul className="flex flex-col gap-3">
              {decided.map((approval) => (
                <InboxItem key={approval.approvalId} approval={approval} />
              ))}
            </ul>
          </section>
        )}
      </PageBody>
    </>
  );
}

function InboxItem({ approval }: { approval: ApprovalListItem }) {
  const viewer = useViewer();
  const nameOf = useNameOf();
  const ownChat = !approval.requestedBy || approval.requestedBy.id === viewer?.userId;
  return (
    <li className="overflow-hidden rounded-lg border bg-muted/40 text-sm" data-testid="inbox-item">
      <div className="flex items-center justify-between gap-2 px-3 py-2 text-xs text-muted-foreground">
        <span className="min-w-0 truncate">
          <span data-testid="inbox-requester">Asked by {nameOf(approval.requestedBy)}</span> in{' '}
          {ownChat ? (
            <Link href={`/chat/${approval.chatId}`} className="font-medium text-foreground underline-offset-2 hover:underline">
              {approval.chatTitle}
            </Link>
          ) : (
            <span className="font-medium text-foreground">{approval.chatTitle}</span>
          )}
        </span>
        <LocalTime iso={approval.requestedAt} />
      </div>
      <ApprovalCard approval={approval} />
    </li>
  );
}
