import { and, desc, eq, gt, inArray, isNull, lt, not, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { decidesForOthers, type Viewer } from '@/lib/auth/permissions';
import { db } from '../client';
import { approvals, chats, runs, users, type ApprovalStatus } from '../schema';
import { recordAudit } from './audit';

export type ApprovalRecord = typeof approvals.$inferSelect;

/** An approval as the UI and the agent see it: people are names, times are ISO strings. */
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
  requestedBy: { id: string; name: string };
  /** Only an approver who is not the requester may decide (above the requester's limit). */
  approversOnly: boolean;
  /** Who can decide it besides the requester: the approvers' and admins' names. */
  deciders: string[];
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  reason: string | null;
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

const viewColumns = {
  approval: approvals,
  requesterName: requester.displayName,
  deciderName: decider.displayName,
};

type ViewRow = { approval: ApprovalRecord; requesterName: string | null; deciderName: string | null };

function toView(row: ViewRow, approvers: { id: string; name: string }[] = []): ApprovalView {
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
    requestedBy: { id: a.userId, name: row.requesterName ?? 'Someone' },
    approversOnly: a.approversOnly,
    deciders: approvers.filter((person) => person.id !== a.userId).map((person) => person.name),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decidedBy: a.decidedBy ? { id: a.decidedBy, name: row.deciderName ?? 'Someone' } : null,
    reason: a.reason,
  };
}

/** The people who decide others' requests (approvers and admins), named. */
async function listApprovers() {
  return (await db())
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(inArray(users.role, ['approver', 'admin']), eq(users.isAnonymous, false)))
    .orderBy(users.displayName);
}

async function selectViews(where: SQL | undefined) {
  const [rows, approvers] = await Promise.all([
    (await db())
      .select(viewColumns)
      .from(approvals)
      .leftJoin(requester, eq(requester.id, approvals.userId))
      .leftJoin(decider, eq(decider.id, approvals.decidedBy))
      .where(where)
      .orderBy(desc(approvals.requestedAt)),
    listApprovers(),
  ]);
  return rows.map((row) => toView(row, approvers));
}

export async function getApprovalView(approvalId: string): Promise<ApprovalView | null> {
  const [view] = await selectViews(and(eq(approvals.id, approvalId)));
  return view ?? null;
}

/** Approvals this viewer may see: their own requests, and everyone's if they decide for others. */
function visibleTo(viewer: Viewer): SQL | undefined {
  return decidesForOthers(viewer) ? undefined : eq(approvals.userId, viewer.userId);
}

/** A request as its requester sees it (their own only). */
export function getApprovalForUser(approvalId: string, userId: string): Promise<ApprovalView | null> {
  return getApprovalForViewer(approvalId, { userId, role: 'agent' });
}

/** A request the viewer may see, or null: one they may not looks exactly like a missing one. */
export async function getApprovalForViewer(approvalId: string, viewer: Viewer): Promise<ApprovalView | null> {
  const [view] = await selectViews(and(eq(approvals.id, approvalId), visibleTo(viewer)));
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
  approversOnly: boolean;
  expiresAt: Date;
}

/** Records a pending approval; asking again for the same tool call returns the first request. */
export async function requestApproval(approval: NewApproval, sessionId?: string | null): Promise<ApprovalView> {
  await (await db()).transaction(async (tx) => {
    const [created] = await tx.insert(approvals).values(approval).onConflictDoNothing().returning({ id: approvals.id });
    if (!created) return; // a retried step: the first request stands, and was recorded then
    await recordAudit(tx, {
      action: 'approval.requested',
      actorId: approval.userId,
      sessionId,
      approvalId: approval.id,
      runId: approval.runId,
      chatId: approval.chatId,
      summary: approval.summary,
      details: { toolName: approval.toolName, input: approval.input, approversOnly: approval.approversOnly, expiresAt: approval.expiresAt },
    });
  });
  const [view] = await selectViews(and(eq(approvals.runId, approval.runId), eq(approvals.toolCallId, approval.toolCallId)));
  return view!;
}

export type DecideResult =
  | { outcome: 'decided'; approval: ApprovalView }
  | { outcome: 'not_found' }
  | { outcome: 'already_decided'; approval: ApprovalView }
  | { outcome: 'expired'; approval: ApprovalView };

/**
 * Records a decision if the approval is still pending and in time: the first decision wins.
 * Whether this person may decide it is the caller's check (lib/approvals/decide.ts).
 */
export async function decideApproval(input: {
  approvalId: string;
  userId: string;
  sessionId?: string | null;
  decision: 'approved' | 'rejected';
  reason?: string;
}): Promise<DecideResult> {
  const decided = await (await db()).transaction(async (tx) => {
    const [row] = await tx
      .update(approvals)
      .set({ status: input.decision, decidedAt: new Date(), decidedBy: input.userId, reason: input.reason ?? null })
      .where(and(eq(approvals.id, input.approvalId), eq(approvals.status, 'pending'), gt(approvals.expiresAt, sql`now()`)))
      .returning();
    if (!row) return false;
    await recordAudit(tx, {
      action: input.decision === 'approved' ? 'approval.approved' : 'approval.rejected',
      actorId: input.userId,
      sessionId: input.sessionId,
      approvalId: row.id,
      runId: row.runId,
      chatId: row.chatId,
      summary: row.summary,
      reason: input.reason ?? null,
      details: { requestedBy: row.userId },
    });
    return true;
  });
  if (decided) return { outcome: 'decided', approval: (await getApprovalView(input.approvalId))! };

  const current = await getApprovalView(input.approvalId);
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
  await (await db()).transaction(async (tx) => {
    const [row] = await tx
      .update(approvals)
      .set({ status: 'expired' })
      .where(and(eq(approvals.id, approvalId), eq(approvals.status, 'pending')))
      .returning();
    if (row) {
      await recordAudit(tx, { action: 'approval.expired', actorId: null, approvalId: row.id, runId: row.runId, chatId: row.chatId, summary: row.summary });
    }
  });
  return getApprovalView(approvalId);
}

/** Status as people see it: a pending request past its deadline counts as expired. */
export function approvalHasStatus(status: ApprovalStatus): SQL {
  const inTime = gt(approvals.expiresAt, sql`now()`);
  if (status === 'pending') return and(eq(approvals.status, 'pending'), inTime)!;
  if (status === 'expired') return or(eq(approvals.status, 'expired'), and(eq(approvals.status, 'pending'), not(inTime)))!;
  return eq(approvals.status, status);
}

/**
 * A cheap fingerprint of the requests a viewer may see: it changes when one is requested,
 * decided, expired or cancelled, or passes its deadline. Live views compare it to refetch.
 */
export async function approvalsFingerprint(viewer: Viewer): Promise<string> {
  const [row] = await (await db())
    .select({
      inTime: sql<number>`count(*) filter (where ${approvals.status} = 'pending' and ${approvals.expiresAt} > now())`,
      settled: sql<number>`count(*) filter (where ${approvals.status} <> 'pending')`,
      lastRequested: sql<string | null>`max(${approvals.requestedAt})::text`,
      lastDecided: sql<string | null>`max(${approvals.decidedAt})::text`,
    })
    .from(approvals)
    .where(visibleTo(viewer));
  return [row?.inTime, row?.settled, row?.lastRequested, row?.lastDecided].join('|');
}

export interface ApprovalListItem extends ApprovalView {
  chatTitle: string;
}

/** A requester's own requests. */
export function listApprovalsForUser(userId: string, status?: ApprovalStatus): Promise<ApprovalListItem[]> {
  return listApprovalsForViewer({ userId, role: 'agent' }, status);
}

/** The approvals a viewer may see, newest first (`status` as people see it). */
export async function listApprovalsForViewer(viewer: Viewer, status?: ApprovalStatus): Promise<ApprovalListItem[]> {
  const [rows, approvers] = await Promise.all([
    (await db())
      .select({ ...viewColumns, chatTitle: chats.title })
      .from(approvals)
      .innerJoin(chats, eq(chats.id, approvals.chatId))
      .leftJoin(requester, eq(requester.id, approvals.userId))
      .leftJoin(decider, eq(decider.id, approvals.decidedBy))
      .where(and(visibleTo(viewer), status ? approvalHasStatus(status) : undefined))
      .orderBy(desc(approvals.requestedAt))
      .limit(200),
    listApprovers(),
  ]);
  return rows.map((row) => ({ ...toView(row, approvers), chatTitle: row.chatTitle }));
}

/**
 * Closes every request of a run that still waits, because the run ended (stopped, failed,
 * deleted): nobody can decide them any more, and `reason` says why.
 */
export async function cancelPendingApprovalsOfRun(runId: string, reason: string, by?: { userId: string; sessionId: string }): Promise<ApprovalView[]> {
  const cancelled = await (await db()).transaction(async (tx) => {
    const rows = await tx
      .update(approvals)
      .set({ status: 'cancelled', reason, decidedAt: new Date() })
      .where(and(eq(approvals.runId, runId), eq(approvals.status, 'pending')))
      .returning();
    for (const row of rows) {
      await recordAudit(tx, {
        action: 'approval.cancelled',
        actorId: by?.userId ?? null,
        sessionId: by?.sessionId,
        approvalId: row.id,
        runId: row.runId,
        chatId: row.chatId,
        summary: row.summary,
        reason,
      });
    }
    return rows;
  });
  return cancelled.length > 0 ? selectViews(inArray(approvals.id, cancelled.map((row) => row.id))) : [];
}

/** Whether the decision has reached its run (see markDecisionDelivered). */
export async function isDecisionDelivered(approvalId: string): Promise<boolean> {
  const [row] = await (await db()).select({ deliveredAt: approvals.deliveredAt }).from(approvals).where(eq(approvals.id, approvalId));
  return Boolean(row?.deliveredAt);
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
