'use client';

import { getToolOrDynamicToolName, type DynamicToolUIPart, type ToolUIPart } from 'ai';
import { Ban, CheckCircle2, ChevronRight, Clock, Hourglass, Loader2, Wrench, XCircle } from 'lucide-react';
import type { ApprovalView } from '@/db/queries/approvals';
import { describeToolCall } from '@/lib/chat/tool-labels';
import { isToolFailure } from '@/tools/define';
import { useState } from 'react';
import { ApprovalCard, newestApproval } from '@/components/approvals/approval-card';

type ToolState = 'running' | 'waiting' | 'done' | 'error' | 'rejected' | 'expired' | 'refused' | 'interrupted';

const OUTCOMES = new Set(['rejected', 'expired', 'refused']);

export function toolCallState(part: ToolUIPart | DynamicToolUIPart, approval?: ApprovalView): { state: ToolState; detail?: string } {
  if (part.state === 'output-error') return { state: 'error', detail: part.errorText };
  if (part.state === 'output-available') {
    if (isToolFailure(part.output)) return { state: 'error', detail: part.output.error };
    const outcome = (part.output as { status?: string; reason?: string } | null)?.status;
    if (outcome && OUTCOMES.has(outcome)) {
      return { state: outcome as ToolState, detail: outcome === 'refused' ? (part.output as { reason?: string }).reason : undefined };
    }
    return { state: 'done' };
  }
  if (approval?.status === 'pending') return { state: 'waiting' };
  // Decided against: nothing will run, whatever the stream says next.
  if (approval?.status === 'rejected' || approval?.status === 'expired') return { state: approval.status };
  return { state: 'running' };
}

const LABEL: Record<ToolState, string> = {
  running: 'Running',
  waiting: 'Waiting for approval',
  done: 'Done',
  error: 'Failed',
  rejected: 'Rejected',
  expired: 'Expired',
  refused: 'Refused',
  interrupted: 'Interrupted',
};

function StateIcon({ state }: { state: ToolState }) {
  const className = 'size-3.5';
  switch (state) {
    case 'running':
      return <Loader2 className={`${className} animate-spin text-accent`} aria-hidden />;
    case 'waiting':
      return <Hourglass className={`${className} text-amber-600 dark:text-amber-400`} aria-hidden />;
    case 'done':
      return <CheckCircle2 className={`${className} text-success`} aria-hidden />;
    case 'expired':
      return <Clock className={`${className} text-muted-foreground`} aria-hidden />;
    case 'refused':
      return <Ban className={`${className} text-destructive`} aria-hidden />;
    default:
      return <XCircle className={`${className} text-destructive`} aria-hidden />;
  }
}

/**
 * One tool call: its name, its input, its state (running, waiting for approval, done,
 * failed, rejected, expired, refused), the approval card when it needed one, and its
 * output on demand.
 */
export function ToolCall({
  part,
  approval,
  interrupted,
}: {
  part: ToolUIPart | DynamicToolUIPart;
  approval?: ApprovalView;
  interrupted?: boolean;
}) {
  const name = getToolOrDynamicToolName(part);
  // Approved here: the tool is running from the moment the server says so, not once the stream does.
  const [answered, setAnswered] = useState<ApprovalView | null>(null);
  const newest = approval && newestApproval(approval, answered);
  const { state, detail } = toolCallState(part, newest);
  const shown: ToolState = (state === 'running' || state === 'waiting') && interrupted ? 'interrupted' : state;
  const hasOutput = part.state === 'output-available' && !isToolFailure(part.output);
  const bad = shown === 'error' || shown === 'refused' || shown === 'rejected';

  return (
    <div className="my-2 rounded-lg border bg-muted/40 text-sm" data-testid="tool-call" data-tool={name} data-state={shown}>
      <div className="flex items-center gap-2 px-3 py-2">
        <Wrench className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="min-w-0 truncate font-medium" data-testid="tool-call-summary">
          {describeToolCall(name, part.input)}
        </span>
        <span className="ml-auto flex shrink-0 items-center gap-1 text-xs" role="status">
          <StateIcon state={shown} />
          <span className={bad ? 'text-destructive' : 'text-muted-foreground'}>{LABEL[shown]}</span>
        </span>
      </div>
      {detail && <p className="border-t px-3 py-2 text-destructive">{detail}</p>}
      {approval && <ApprovalCard approval={approval} onAnswered={setAnswered} />}
      {part.input !== undefined && (
        <details className="group border-t">
          <summary className="flex cursor-pointer list-none items-center gap-1 px-3 py-1.5 text-xs text-muted-foreground select-none hover:text-foreground">
            <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
            Details
          </summary>
          <div className="px-3 pb-3 font-mono text-xs leading-relaxed">
            <p className="mb-1 text-muted-foreground">Input</p>
            <pre className="max-h-40 overflow-auto">{JSON.stringify(part.input, null, 2)}</pre>
            {hasOutput && (
              <>
                <p className="mt-2 mb-1 text-muted-foreground">Output</p>
                <pre className="max-h-80 overflow-auto">{JSON.stringify(part.output, null, 2)}</pre>
              </>
            )}
          </div>
        </details>
      )}
    </div>
  );
}
