import type { UIMessageChunk } from 'ai';
import { FatalError, getWritable } from 'workflow';
import { getApprovalView, requestApproval, type ApprovalView, type NewApproval } from '@/db/queries/approvals';
import { getPerson } from '@/db/queries/users';
import { approvalTimeoutMs } from '@/lib/duration';
import { startApprovalNotifications } from '@/lib/notifications/start';
import type { ToolContext } from './approval';
import type { Requester } from './policy';

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

/**
 * For effect steps acting under an approval, before they act: the stored request must be
 * approved (the run was woken by its approval, and the database is the authority, not the
 * wake-up), and its card shows the decision. Without an approval (the policy allowed it) it
 * does nothing.
 */
export async function confirmApproval(approvalId: string | null): Promise<void> {
  if (!approvalId) return;
  const view = await getApprovalView(approvalId);
  if (view?.status !== 'approved') {
    throw new FatalError(`Not done: the request to do this is ${view ? view.status : 'missing'}, not approved.`);
  }
  await showApproval(view);
}

/** Who is asking, as the policy weighs them (a missing user counts as a guest: the tightest limits). */
export async function requesterOf(userId: string): Promise<Requester> {
  const person = await getPerson(userId);
  return person ? { role: person.role, isGuest: person.isGuest } : { role: 'agent', isGuest: true };
}

/**
 * For plan steps: records the pending approval, tells who can decide it (webhooks, in a run
 * of its own), and shows its card. Idempotent per tool call.
 */
export async function askForApproval(
  context: ToolContext & { runId: string; toolCallId: string },
  request: Pick<NewApproval, 'toolName' | 'input' | 'summary' | 'approversOnly'>,
): Promise<ApprovalView> {
  const { runId, chatId, userId, toolCallId, sessionId } = context;
  const view = await requestApproval({
    id: crypto.randomUUID(), // a retried step keeps the first row: (run, tool call) is unique
    runId,
    chatId,
    userId,
    toolCallId,
    ...request,
    expiresAt: new Date(Date.now() + approvalTimeoutMs()),
  }, sessionId);
  if (view.status === 'pending') await startApprovalNotifications(view.approvalId);
  await showApproval(view);
  return view;
}
