import { availableModels } from '@/agents/models/registry';
import { listRunsForViewer, type RunFilter, type RunRow } from '@/db/queries/runs';
import type { Viewer } from '@/lib/auth/permissions';
import { readWrittenChunks, turnActivity } from '@/lib/chat/run-stream';
import { messageText } from '@/lib/chat/schemas';
import { isLiveStatus, type RunDisplayStatus } from './status';

export interface RunListItem {
  runId: string;
  chatId: string;
  /** Whose run it is (admins see everyone's). */
  owner: { id: string; name: string };
  chatTitle: string;
  userMessage: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  status: RunDisplayStatus;
  modelCalls: number | null;
  toolCalls: number | null;
  approvals: { pending: number; approved: number; rejected: number; expired: number };
  model: string;
  modelLabel: string;
  inputTokens: number | null;
  outputTokens: number | null;
  error: string | null;
  rerunOf: string | null;
}

export function displayStatus(row: Pick<RunRow, 'status' | 'approvalsPending'>): RunDisplayStatus {
  if (row.status === 'queued' || row.status === 'running') return row.approvalsPending > 0 ? 'waiting' : 'running';
  return row.status;
}

/** A row as the list shows it; a live run's counts come from what its stream shows so far. */
export async function toRunListItem(row: RunRow): Promise<RunListItem> {
  const status = displayStatus(row);
  const live = isLiveStatus(status) ? turnActivity(await readWrittenChunks(row.id).catch(() => [])) : null;
  const label = availableModels().find((m) => m.id === row.model)?.label ?? row.model;
  return {
    runId: row.id,
    chatId: row.chatId,
    owner: { id: row.userId, name: row.ownerName ?? 'Someone' },
    chatTitle: row.chatTitle,
    userMessage: row.userMessageParts ? messageText({ parts: row.userMessageParts as { type: string; text?: string }[] }) : '',
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    status,
    modelCalls: live?.modelCalls ?? row.modelCalls,
    toolCalls: live?.toolCalls ?? row.toolCalls,
    approvals: {
      pending: row.approvalsPending,
      approved: row.approvalsApproved,
      rejected: row.approvalsRejected,
      expired: row.approvalsExpired,
    },
    model: row.model,
    modelLabel: label,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    error: row.error,
    rerunOf: row.rerunOf,
  };
}

export const RUNS_PAGE_SIZE = 20;

export function encodeCursor(item: Pick<RunListItem, 'startedAt' | 'runId'>): string {
  return Buffer.from(`${item.startedAt}|${item.runId}`).toString('base64url');
}

/** Null for anything `encodeCursor` did not make (it makes only plain ISO times, which Postgres takes). */
export function decodeCursor(cursor: string): { startedAt: Date; id: string } | null {
  const [startedAt = '', id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!id || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(startedAt)) return null;
  const date = new Date(startedAt);
  return Number.isNaN(date.getTime()) ? null : { startedAt: date, id };
}

/** One page of the runs the viewer may see (one person's with `userId`), newest first, and the next page's cursor. */
export async function listRuns(query: {
  viewer: Viewer;
  userId?: string;
  filter?: RunFilter;
  chatId?: string;
  cursor?: string;
  limit?: number;
}): Promise<{ runs: RunListItem[]; nextCursor: string | null }> {
  const limit = query.limit ?? RUNS_PAGE_SIZE;
  const after = query.cursor ? (decodeCursor(query.cursor) ?? undefined) : undefined;
  const rows = await listRunsForViewer({ viewer: query.viewer, userId: query.userId, filter: query.filter, chatId: query.chatId, after, limit: limit + 1 });
  const page = await Promise.all(rows.slice(0, limit).map(toRunListItem));
  return { runs: page, nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}
