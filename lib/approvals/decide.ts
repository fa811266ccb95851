import { HookNotFoundError } from 'workflow/errors';
import { z } from 'zod';
import { decideApproval, type ApprovalView } from '@/db/queries/approvals';
import { isUuid } from '@/lib/chat/schemas';
import { ApiError } from '@/lib/http';
import { approvalHook, approvalToken } from '@/tools/approval';

export const decisionRequestSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' }),
  reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

/** How long the route keeps trying to wake a run whose hook is not registered yet. */
const WAKE_ATTEMPTS = 8;

/**
 * Records a person's decision on one of their approvals (the first decision wins), then
 * wakes the run that waits for it. The decision is stored before the run is woken: the run
 * reads it from the database, so a lost wake-up never loses a decision.
 */
export async function decide(userId: string, approvalId: string, request: DecisionRequest): Promise<ApprovalView> {
  if (!isUuid(approvalId)) throw new ApiError('not_found', 'Approval not found.');
  const result = await decideApproval({
    approvalId,
    userId,
    decision: request.decision === 'approve' ? 'approved' : 'rejected',
    reason: request.reason || undefined,
  });
  switch (result.outcome) {
    case 'not_found':
      throw new ApiError('not_found', 'Approval not found.');
    case 'expired':
      throw new ApiError('gone', 'This request expired before a decision was made.', { approval: result.approval });
    case 'already_decided':
      throw new ApiError('conflict', `This request was already ${result.approval.status}.`, { approval: result.approval });
    case 'decided':
      await wakeWaitingRun(result.approval);
      return result.approval;
  }
}

async function wakeWaitingRun(approval: ApprovalView): Promise<void> {
  const token = approvalToken(approval.runId, approval.toolCallId);
  const status = approval.status as 'approved' | 'rejected';
  for (let attempt = 1; ; attempt++) {
    try {
      await approvalHook.resume(token, { approvalId: approval.approvalId, status });
      return;
    } catch (error) {
      // The run registers its hook when it next suspends: a very quick click can beat it.
      if (!HookNotFoundError.is(error)) throw error;
      if (attempt === WAKE_ATTEMPTS) {
        console.warn(`[approvals] run ${approval.runId} is not waiting on ${token}; the decision is stored`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
