import { HookNotFoundError } from 'workflow/errors';
import { z } from 'zod';
import {
  cancelPendingApprovalsOfRun,
  decideApproval,
  getApprovalForViewer,
  isDecisionDelivered,
  markDecisionDelivered,
  type ApprovalView,
} from '@/db/queries/approvals';
import { mayDecide, type Viewer } from '@/lib/auth/permissions';
import { isTerminal, workflowRunStatus } from '@/lib/chat/run-stream';
import { isUuid } from '@/lib/chat/schemas';
import { crashPoint } from '@/lib/faults';
import { ApiError } from '@/lib/http';
import { wakeApprovalNotifications } from '@/lib/notifications/start';
import { approvalHook, approvalToken } from '@/tools/approval';

export const decisionRequestSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' }),
  reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

/** How long the route keeps trying to wake a run whose hook is not registered yet. */
const WAKE_ATTEMPTS = 8;

/** Why nobody can decide a request any more, by how its run ended. */
const ENDED: Record<string, string> = {
  cancelled: 'The turn was stopped before anyone decided.',
  failed: 'The turn failed before anyone decided.',
  completed: 'The turn ended before anyone decided.',
  missing: 'The turn this request belonged to no longer exists.',
};

/**
 * Records a person's decision on a request (the first decision wins), then delivers it to
 * the run that waits for it. Who may decide is the policy's (lib/auth/permissions.ts): a
 * request someone may not see is 404, one they may see but not decide 403 with the reason.
 * The decision is stored before the run is woken, and the run acts only on what the database
 * holds: a lost wake-up never loses a decision (the reconciler delivers what a crash left
 * undelivered), and a forged one moves nothing. A request whose run has ended can no longer
 * be decided: it is closed with the reason, and the caller gets 410.
 */
export async function decide(viewer: Viewer & { sessionId?: string }, approvalId: string, request: DecisionRequest): Promise<ApprovalView> {
  const current = isUuid(approvalId) ? await getApprovalForViewer(approvalId, viewer) : null;
  if (!current) throw new ApiError('not_found', 'Approval not found.');
  const right = mayDecide({ requesterId: current.requestedBy.id, approversOnly: current.approversOnly }, viewer);
  if (!right.allowed) throw new ApiError('forbidden', right.reason, { approval: current });
  if (current.status === 'pending') await closeIfRunEnded(current);

  const result = await decideApproval({
    approvalId,
    userId: viewer.userId,
    sessionId: viewer.sessionId,
    decision: request.decision === 'approve' ? 'approved' : 'rejected',
    reason: request.reason || undefined,
  });
  switch (result.outcome) {
    case 'not_found':
      throw new ApiError('not_found', 'Approval not found.');
    case 'expired':
      throw new ApiError('gone', 'This request expired before a decision was made.', { approval: result.approval });
    case 'already_decided': {
      const { approval } = result;
      if (approval.status === 'cancelled') throw new ApiError('gone', approval.reason ?? ENDED.cancelled!, { approval });
      // A decision the run may never have heard of (a crash right after it was recorded). One
      // it has heard of is not sent again: a second wake-up only costs the run a replay.
      if (!(await isDecisionDelivered(approval.approvalId))) {
        await deliverDecision(approval).catch((error: unknown) => console.warn('[approvals] redelivery failed', error));
      }
      throw new ApiError('conflict', `This request was already ${approval.status}.`, { approval });
    }
    case 'decided':
      crashPoint('afterDecisionRecorded');
      // The decision stands once recorded; delivering it is retried by the reconciler.
      await deliverDecision(result.approval).catch((error: unknown) => console.warn('[approvals] delivery failed; the reconciler retries', error));
      return result.approval;
  }
}

/** A pending request whose run is over is closed now, with the reason (410 for the caller). */
async function closeIfRunEnded(approval: ApprovalView): Promise<void> {
  const status = await workflowRunStatus(approval.runId);
  if (!isTerminal(status)) return;
  const reason = ENDED[status] ?? ENDED.missing!;
  const [closed] = await cancelPendingApprovalsOfRun(approval.runId, reason);
  throw new ApiError('gone', reason, { approval: closed ?? { ...approval, status: 'cancelled', reason } });
}

/**
 * Wakes the run waiting on a decided approval and notes that it was delivered. Resuming is
 * safe to repeat: the run takes the first wake-up and ignores a second, and its effect step
 * confirms the decision from the database.
 * The hook registers when the run next suspends, so a very quick click can beat it: retry
 * briefly. Long after the decision, a missing hook means the run is not waiting any more.
 */
export async function deliverDecision(approval: ApprovalView, options: { attempts?: number } = {}): Promise<boolean> {
  if (approval.status !== 'approved' && approval.status !== 'rejected') return false;
  const token = approvalToken(approval.runId, approval.toolCallId);
  const attempts = options.attempts ?? WAKE_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      crashPoint('beforeHookResume');
      const { approvalId, status, decidedAt, decidedBy, reason } = approval;
      await approvalHook.resume(token, { approvalId, status, decision: { decidedAt, decidedBy, reason } });
      await markDecisionDelivered(approval.approvalId);
      // Webhooks hear of it at once (also when the reconciler delivers it after a crash); if
      // this is lost, the notification run reads the decision at its next checkpoint.
      await wakeApprovalNotifications(approval.approvalId).catch((error: unknown) => console.warn('[notifications] wake-up failed', error));
      return true;
    } catch (error) {
      if (!HookNotFoundError.is(error)) throw error;
      if (attempt >= attempts) {
        const decidedAgo = Date.now() - Date.parse(approval.decidedAt ?? new Date().toISOString());
        if (decidedAgo > HOOK_REGISTRATION_GRACE_MS) await markDecisionDelivered(approval.approvalId);
        else console.warn(`[approvals] run ${approval.runId} is not waiting on ${token} yet; the decision is stored`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** A hook registers within moments of its approval being recorded; past this it is gone, not late. */
const HOOK_REGISTRATION_GRACE_MS = 30_000;
