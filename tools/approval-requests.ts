import type { UIMessageChunk } from 'ai';
import { getWritable } from 'workflow';
import { requestApproval, type ApprovalView, type NewApproval } from '@/db/queries/approvals';
import { approvalTimeoutMs } from '@/lib/duration';
import type { ToolContext } from './approval';

// Helpers for the steps of approval-gated tools (they touch the database, so they stay out
// of the workflow-context module tools/approval.ts).

/** Writes the approval's current state into the turn's stream: the card the browser shows. */
export async function showApproval(view: ApprovalView): Promise<void> {
  const writer = getWritable<UIMessageChunk>().getWriter();
  try {
    await writer.write({ type: 'data-approval', id: view.approvalId, data: view });
  } finally {
    writer.releaseLock();
  }
}

/** For plan steps: records the pending approval and shows its card. Idempotent per tool call. */
export async function askForApproval(
  context: ToolContext & { runId: string; toolCallId: string },
  request: Pick<NewApproval, 'toolName' | 'input' | 'summary'>,
): Promise<ApprovalView> {
  const { runId, chatId, userId, toolCallId } = context;
  const view = await requestApproval({
    id: crypto.randomUUID(), // a retried step keeps the first row: (run, tool call) is unique
    runId,
    chatId,
    userId,
    toolCallId,
    ...request,
    expiresAt: new Date(Date.now() + approvalTimeoutMs()),
  });
  await showApproval(view);
  return view;
}
