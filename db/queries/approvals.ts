import { and, desc, eq, gt, inArray, isNull, lt, not, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats, runs, users, type ApprovalStatus } from '../schema';

export type ApprovalRecord = typeof approvals.$inferSelect;

/** An approval as the UI and the agent see it: who decided is a name, times are ISO strings. */
export interface ApprovalView {
  approvalId: string;
  runId: string;
  chatId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  summary: string;
  status: ApprovalStatus;
  requestedAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  reason: string | null;
}

const viewColumns = {
  approval: approvals,
  deciderName: users.displayName,
};

function toView(row: { approval: ApprovalRecord; deciderName: string | null }): ApprovalView {
  const a = row.approval;
  // Past its deadline and undecided is expired, even before the run has written it down.
  const status = a.status === 'pending' && a.expiresAt.getTime() <= Date.now() ? 'expired' : a.status;
  return {
    approvalId: a.id,
    runId: a.runId,
    chatId: a.chatId,
    toolCallId: a.toolCallId,
    toolName: a.toolName,
    input: a.input,
    summary: a.summary,
    status,
    requestedAt: a.requestedAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decidedBy: a.decidedBy ? { id: a.decidedBy, name: row.deciderName ?? 'Someone' } : null,
    reason: a.reason,
  };
}

async function selectViews(where: SQL | undefined) {
  const rows = await (await db())
    .select(viewColumns)
    .from(approvals)
    .leftJoin(users, eq(users.id, approvals.decidedBy))
    .where(where)
    .orderBy(desc(approvals.requestedAt));
  return rows.map(toView);
}

export async function getApprovalView(approvalId: string): Promise<ApprovalView | null> {
  const [view] = await selectViews(and(eq(approvals.id, approvalId)));
  return view ?? null;
}

/** An approval asked of this user, or null: someone else's looks exactly like a missing one. */
export async function getApprovalForUser(approvalId: string, userId: string): Promise<ApprovalView | null> {
  const [view] = await selectViews(and(eq(approvals.id, approvalId), eq(approvals.userId, userId)));
  return view ?? null;
}

export interface NewApproval {
  id: string;
  runId: string;
  chatId: string;
  userId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  summary: string;
  expiresAt: Date;
}

/** Records a pending approval; asking again for the same tool call returns the first request. */
export async function requestApproval(approval: NewApproval): Promise<ApprovalView> {
  const database = await db();
  await database.insert(approvals).values(approval).onConflictDoNothing();
  const [view] = await selectViews(and(eq(approvals.runId, approval.runId), eq(approvals.toolCallId, approval.toolCallId)));
  return view!;
}

export type DecideResult =
  | { outcome: 'decided'; approval: ApprovalView }
  | { outcome: 'not_found' }
  | { outcome: 'already_decided'; approval: ApprovalView }
  | { outcome: 'expired'; approval: ApprovalView };

/** Records the user's decision if the approval is still pending and in time. The first decision wins. */
export async function decideApproval(input: {
  approvalId: string;
  userId: string;
  decision: 'approved' | 'rejected';
  reason?: string;
}): Promise<DecideResult> {
  const database = await db();
  const decided = await database
    .update(approvals)
    .set({ status: input.decision, decidedAt: new Date(), decidedBy: input.userId, reason: input.reason ?? null })
    .where(
      and(
        eq(approvals.id, input.approvalId),
        eq(approvals.userId, input.userId),
        eq(approvals.status, 'pending'),
        gt(approvals.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: approvals.id });
  if (decided.length > 0) return { outcome: 'decided', approval: (await getApprovalView(input.approvalId))! };

  const current = await getApprovalForUser(input.approvalId, input.userId);
  if (!current) return { outcome: 'not_found' };
  if (current.status === 'expired') {
    // Its time ran out undecided: write that down now, unless a decision just landed.
    const settled = (await expireApproval(input.approvalId)) ?? current;
    return settled.status === 'expired' ? { outcome: 'expired', approval: settled } : { outcome: 'already_decided', approval: settled };
  }
  return { outcome: 'already_decided', approval: current };
}

/** Marks a pending approval expired; a decision recorded first stands. Returns the final state. */
export async function expireApproval(approvalId: string): Promise<ApprovalView | null> {
  await (await db())
    .update(approvals)
    .set({ status: 'expired' })
    .where(and(eq(approvals.id, approvalId), eq(approvals.status, 'pending')));
  return getApprovalView(approvalId);
}

/** Status as people see it: a pending request past its deadline counts as expired. */
export function approvalHasStatus(status: ApprovalStatus): SQL {
  const inTime = gt(approvals.expiresAt, sql`now()`);
  if (status === 'pending') return and(eq(approvals.status, 'pending'), inTime)!;
  if (status === 'expired') return or(eq(approvals.status, 'expired'), and(eq(approvals.status, 'pending'), not(inTime)))!;
  return eq(approvals.status, status);
}

export interface ApprovalListItem extends ApprovalView {
  chatTitle: string;
}

export async function listApprovalsForUser(userId: string, status?: ApprovalStatus): Promise<ApprovalListItem[]> {
  const rows = await (await db())
    .select({ ...viewColumns, chatTitle: chats.title })
    .from(approvals)
    .innerJoin(chats, eq(chats.id, approvals.chatId))
    .leftJoin(users, eq(users.id, approvals.decidedBy))
    .where(and(eq(approvals.userId, userId), status ? approvalHasStatus(status) : undefined))
    .orderBy(desc(approvals.requestedAt))
    .limit(100);
  return rows.map((row) => ({ ...toView(row), chatTitle: row.chatTitle }));
}

/**
 * Closes every request of a run that still waits, because the run ended (stopped, failed,
 * deleted): nobody can decide them any more, and `reason` says why.
 */
export async function cancelPendingApprovalsOfRun(runId: string, reason: string): Promise<ApprovalView[]> {
  const cancelled = await (await db())
    .update(approvals)
    .set({ status: 'cancelled', reason, decidedAt: new Date() })
    .where(and(eq(approvals.runId, runId), eq(approvals.status, 'pending')))
    .returning({ id: approvals.id });
  return cancelled.length > 0 ? selectViews(inArray(approvals.id, cancelled.map((row) => row.id))) : [];
}

/** The decision reached the run: the reconciler need not deliver it again. */
export async function markDecisionDelivered(approvalId: string): Promise<void> {
  await (await db()).update(approvals).set({ deliveredAt: new Date() }).where(eq(approvals.id, approvalId));
}

/**
 * Decisions recorded before `decidedBefore` that never reached their run (the server died
 * between recording and waking it, or waking failed), for runs the app still counts as live.
 */
export async function listUndeliveredDecisions(decidedBefore: Date): Promise<ApprovalView[]> {
  const rows = await (await db())
    .select({ id: approvals.id })
    .from(approvals)
    .innerJoin(runs, eq(runs.id, approvals.runId))
    .where(
      and(
        inArray(approvals.status, ['approved', 'rejected']),
        isNull(approvals.deliveredAt),
        lt(approvals.decidedAt, decidedBefore),
        inArray(runs.status, ['queued', 'running']),
      ),
    )
    .limit(100);
  return rows.length > 0 ? selectViews(inArray(approvals.id, rows.map((row) => row.id))) : [];
}

/** Every approval a run asked for, oldest first. */
export async function listApprovalsOfRun(runId: string): Promise<ApprovalView[]> {
  return (await selectViews(and(eq(approvals.runId, runId)))).reverse();
}
