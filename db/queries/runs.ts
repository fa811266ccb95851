import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { seesEveryRun, type Viewer } from '@/lib/auth/permissions';
import { db } from '../client';
import { approvals, chats, messages, runs, users, type ApprovalStatus, type RunStatus } from '../schema';
import { approvalHasStatus } from './approvals';

export type RunRecord = typeof runs.$inferSelect;

/** A run of one of the user's chats, or null: a foreign run looks exactly like a missing one. */
export async function getRunForUser(runId: string, userId: string): Promise<RunRecord | null> {
  const [run] = await (await db())
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.userId, userId)));
  return run ?? null;
}

/** Runs a viewer may see: their own, and everyone's for an admin. */
function visibleTo(viewer: Viewer): SQL | undefined {
  return seesEveryRun(viewer) ? undefined : eq(runs.userId, viewer.userId);
}

/** A run the viewer may see, or null (404: its existence does not leak). */
export async function getRunForViewer(runId: string, viewer: Viewer): Promise<RunRecord | null> {
  const [run] = await (await db())
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), visibleTo(viewer)));
  return run ?? null;
}

/** What a person filters the run list by. `waiting` is a running run that waits for an approval. */
export const RUN_FILTERS = ['running', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type RunFilter = (typeof RUN_FILTERS)[number];

export interface RunRow extends RunRecord {
  chatTitle: string;
  ownerName: string | null;
  userMessageParts: unknown;
  approvalsPending: number;
  approvalsApproved: number;
  approvalsRejected: number;
  approvalsExpired: number;
}

const live: RunStatus[] = ['queued', 'running'];
const pendingApproval = sql`exists (select 1 from ${approvals} where ${approvals.runId} = ${runs.id} and ${approvalHasStatus('pending')})`;
const countApprovals = (status: ApprovalStatus) =>
  sql<number>`(select count(*)::int from ${approvals} where ${approvals.runId} = ${runs.id} and ${approvalHasStatus(status)})`;

function filterCondition(filter: RunFilter): SQL {
  switch (filter) {
    case 'running':
      return and(inArray(runs.status, live), sql`not ${pendingApproval}`)!;
    case 'waiting':
      return and(inArray(runs.status, live), pendingApproval)!;
    default:
      return eq(runs.status, filter);
  }
}

const rowColumns = {
  run: runs,
  chatTitle: chats.title,
  ownerName: users.displayName,
  userMessageParts: messages.parts,
  approvalsPending: countApprovals('pending'),
  approvalsApproved: countApprovals('approved'),
  approvalsRejected: countApprovals('rejected'),
  approvalsExpired: countApprovals('expired'),
};

type SelectedRow = { run: RunRecord; chatTitle: string; ownerName: string | null; userMessageParts: unknown } & Record<`approvals${string}`, number>;
const toRow = ({ run, ...rest }: SelectedRow): RunRow => ({ ...run, ...rest }) as RunRow;

/** Keyset position in the list: the start time and id of the last run shown. */
export interface RunCursor {
  startedAt: Date;
  id: string;
}

/** The runs a viewer may see, newest first, a page at a time; `userId` narrows them to one person's. */
export async function listRunsForViewer(query: {
  viewer: Viewer;
  userId?: string;
  filter?: RunFilter;
  chatId?: string;
  after?: RunCursor;
  limit: number;
}): Promise<RunRow[]> {
  const conditions: SQL[] = [];
  const visible = visibleTo(query.viewer);
  if (visible) conditions.push(visible);
  if (query.userId) conditions.push(eq(runs.userId, query.userId));
  if (query.filter) conditions.push(filterCondition(query.filter));
  if (query.chatId) conditions.push(eq(runs.chatId, query.chatId));
  if (query.after) {
    conditions.push(
      or(lt(runs.startedAt, query.after.startedAt), and(eq(runs.startedAt, query.after.startedAt), lt(runs.id, query.after.id)))!,
    );
  }
  const rows = await (await db())
    .select(rowColumns)
    .from(runs)
    .innerJoin(chats, eq(chats.id, runs.chatId))
    .leftJoin(users, eq(users.id, runs.userId))
    .leftJoin(messages, and(eq(messages.chatId, runs.chatId), eq(messages.id, runs.userMessageId)))
    .where(and(...conditions))
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(query.limit);
  return rows.map((row) => toRow(row as SelectedRow));
}

export async function getRunRowForViewer(runId: string, viewer: Viewer): Promise<RunRow | null> {
  const [row] = await (await db())
    .select(rowColumns)
    .from(runs)
    .innerJoin(chats, eq(chats.id, runs.chatId))
    .leftJoin(users, eq(users.id, runs.userId))
    .leftJoin(messages, and(eq(messages.chatId, runs.chatId), eq(messages.id, runs.userMessageId)))
    .where(and(eq(runs.id, runId), visibleTo(viewer)));
  return row ? toRow(row as SelectedRow) : null;
}

/** Runs started to repeat this one (from its page). */
export async function listRerunsOf(runId: string): Promise<string[]> {
  const rows = await (await db()).select({ id: runs.id }).from(runs).where(eq(runs.rerunOf, runId)).orderBy(desc(runs.startedAt));
  return rows.map((row) => row.id);
}

/** Runs the app still counts as live that started before `startedBefore`, oldest first. */
export async function listLiveRuns(startedBefore: Date, limit = 100): Promise<Pick<RunRecord, 'id' | 'chatId'>[]> {
  return (await db())
    .select({ id: runs.id, chatId: runs.chatId })
    .from(runs)
    .where(and(inArray(runs.status, live), lt(runs.startedAt, startedBefore)))
    .orderBy(runs.startedAt)
    .limit(limit);
}
