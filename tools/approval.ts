import { defineHook, getWorkflowMetadata, sleep } from 'workflow';
import { z } from 'zod';
import { expireApproval, getApprovalView, type ApprovalView } from '@/db/queries/approvals';
import { lazySchema } from '@/lib/lazy-schema';
import { showApproval } from './approval-requests';

/**
 * Human approval for destructive tools. This module is workflow-context code: it may only
 * import what a workflow can run (steps' own imports are stripped from the workflow bundle).
 *
 * The tool's execute runs in workflow context: a step
 * checks the request and the policy and records a pending approval; the run then sleeps on
 * a hook (the approval route resumes it) raced against the approval's deadline. An approval
 * goes straight to the effect, whose step confirms it from the database before it acts
 * (`confirmApproval`); a rejection or the deadline is settled from the database by a step.
 */

/**
 * Wakes a run waiting for a decision: the decision as stored, sent after it was stored. The
 * database stays the authority: the effect step refuses unless the stored request is approved.
 * `decision` is absent from wake-ups sent before approvals skipped the settle step; those runs
 * replay the path they took then (a different step at the same point would diverge).
 */
const approvalWakeUp = lazySchema(() =>
  z.object({
    approvalId: z.uuid(),
    status: z.enum(['approved', 'rejected']),
    decision: z
      .object({
        decidedAt: z.string().nullable(),
        decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
        reason: z.string().nullable(),
      })
      .optional(),
  }),
);
export const approvalHook = defineHook({ schema: approvalWakeUp });

/** Unique among all runs' live hooks: tool call ids repeat across runs (and models). */
export function approvalToken(runId: string, toolCallId: string): string {
  return `approval:${runId}:${toolCallId}`;
}

export interface ToolContext {
  chatId: string;
  userId: string;
  /** The session that sent the message (absent for turns started before it was recorded). */
  sessionId?: string;
}

/** What a tool's plan step decides: refuse with a reason, act at once, or ask first. */
export type Plan<Prepared> =
  | { verdict: 'refuse'; reason: string }
  | { verdict: 'allow'; prepared: Prepared }
  | { verdict: 'ask'; prepared: Prepared; approval: ApprovalView };

export type Decision = Pick<ApprovalView, 'approvalId' | 'status' | 'decidedAt' | 'decidedBy' | 'reason'>;

export type GatedOutcome<Result> =
  | { status: 'done'; result: Result; approval: Decision | null }
  | { status: 'rejected'; approval: Decision }
  | { status: 'expired'; approval: Decision }
  | { status: 'refused'; reason: string };

const decisionOf = (view: ApprovalView): Decision => ({
  approvalId: view.approvalId,
  status: view.status,
  decidedAt: view.decidedAt,
  decidedBy: view.decidedBy,
  reason: view.reason,
});

/** Runs in workflow context: plan, wait for a person when the policy says so, then act. */
export async function gateDestructiveAction<Prepared, Result>(options: {
  toolCallId: string;
  plan: () => Promise<Plan<Prepared>>;
  /** The effect. Under an approval, its first step must call `confirmApproval(approvalId)`. */
  act: (prepared: Prepared, approvalId: string | null) => Promise<Result>;
}): Promise<GatedOutcome<Result>> {
  const { workflowRunId } = getWorkflowMetadata();
  // Created before the plan step so it is registered when that step suspends the run,
  // i.e. before anyone can see the approval card and click it.
  const hook = approvalHook.create({ token: approvalToken(workflowRunId, options.toolCallId) });
  let waitedOn = false;
  try {
    const plan = await options.plan();
    if (plan.verdict === 'refuse') return { status: 'refused', reason: plan.reason };
    if (plan.verdict === 'allow') return { status: 'done', result: await options.act(plan.prepared, null), approval: null };

    waitedOn = true;
    const woke = await Promise.race([hook, sleep(new Date(plan.approval.expiresAt)).then(() => 'deadline' as const)]);
    // Approved: one flow invocation and one step fewer between the click and the result.
    if (woke !== 'deadline' && woke.status === 'approved' && woke.decision) {
      const approval: Decision = { approvalId: plan.approval.approvalId, status: 'approved', ...woke.decision };
      return { status: 'done', result: await options.act(plan.prepared, approval.approvalId), approval };
    }
    const settled = await settleApproval(plan.approval.approvalId, woke === 'deadline');
    if (settled.status === 'approved') {
      return { status: 'done', result: await options.act(plan.prepared, settled.approvalId), approval: decisionOf(settled) };
    }
    if (settled.status === 'rejected') return { status: 'rejected', approval: decisionOf(settled) };
    return { status: 'expired', approval: decisionOf(settled) };
  } finally {
    // A hook someone could wake stays registered until the run ends. The world checks that a
    // hook exists, then records the wake-up: a second one (the losing tab's redelivery, the
    // reconciler) racing the disposal could land in the log after it, where no replay can
    // consume it, and the run fails with a corrupted event log. A live hook just keeps it.
    if (!waitedOn) hook.dispose();
  }
}

/** After the wait: the decision the database holds, or expiry if the deadline passed undecided. */
async function settleApproval(approvalId: string, deadlinePassed: boolean): Promise<ApprovalView> {
  'use step';
  const view = deadlinePassed ? await expireApproval(approvalId) : await getApprovalView(approvalId);
  if (!view) throw new Error(`Approval ${approvalId} is missing`);
  if (view.status === 'pending') throw new Error(`Approval ${approvalId} woke the run while still pending`);
  await showApproval(view);
  return view;
}
