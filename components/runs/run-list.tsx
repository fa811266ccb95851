'use client';

import Link from 'next/link';
import { useState } from 'react';
import useSWRInfinite from 'swr/infinite';
import type { RunListItem } from '@/lib/runs/list';
import { isLiveStatus } from '@/lib/runs/status';
import { PageBody, PageHeader } from '@/components/app-shell';
import { LocalTime } from '@/components/ui/local-time';
import { formatDuration, formatTokens } from './format';
import { fetchRunsPage, type RunsPage } from './runs-api';
import { STATUS_LABEL, StatusBadge } from './status-badge';
import { Button } from '@/components/ui/button';

const FILTERS = ['running', 'waiting', 'completed', 'failed', 'cancelled'] as const;
const ROW_GRID = 'sm:grid-cols-[minmax(0,1fr)_5rem_8rem_8rem_9rem]';

function approvalsSummary(approvals: RunListItem['approvals']): string {
  const parts = [
    approvals.pending && `${approvals.pending} waiting`,
    approvals.approved && `${approvals.approved} approved`,
    approvals.rejected && `${approvals.rejected} rejected`,
    approvals.expired && `${approvals.expired} expired`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no approvals';
}

/**
 * The user's runs, newest first: filter by status and chat, load more, running rows update
 * live. An admin sees everyone's, with whose each is, and can narrow them to one person.
 */
export function RunList({
  initialPage,
  chats,
  people,
}: {
  initialPage: RunsPage;
  chats: { id: string; title: string }[];
  /** Given to admins only: the people whose runs they can narrow the list to. */
  people?: { id: string; name: string }[];
}) {
  const [status, setStatus] = useState('');
  const [chatId, setChatId] = useState('');
  const [userId, setUserId] = useState('');
  const filtered = Boolean(status || chatId || userId);
  const query = new URLSearchParams({ ...(status && { status }), ...(chatId && { chatId }), ...(userId && { userId }) }).toString();

  const { data, size, setSize, isValidating } = useSWRInfinite<RunsPage>(
    (index, previous) => {
      if (previous && !previous.nextCursor) return null;
      const params = new URLSearchParams(query);
      if (previous?.nextCursor) params.set('cursor', previous.nextCursor);
      return `/api/runs?${params}`;
    },
    fetchRunsPage,
    {
      fallbackData: filtered ? undefined : [initialPage],
      // Live runs change under our eyes: look again every two seconds while any is shown.
      refreshInterval: (pages) => (pages?.some((p) => p.runs.some((r) => isLiveStatus(r.status))) ? 2000 : 0),
    },
  );
  const runs = data?.flatMap((page) => page.runs) ?? [];
  const hasMore = Boolean(data?.at(-1)?.nextCursor);

  return (
    <>
      <PageHeader>
        <h1 className="text-sm font-medium">Runs</h1>
      </PageHeader>
      <PageBody width="wide" className="gap-4">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-2">
            Status
            <select
              value={status}
              onChange={(event) => setStatus(event.target.value)}
              className="rounded-md border bg-background px-2 py-1"
            >
              <option value="">All</option>
              {FILTERS.map((filter) => (
                <option key={filter} value={filter}>
                  {STATUS_LABEL[filter]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 items-center gap-2">
            Chat
            <select
              value={chatId}
              onChange={(event) => setChatId(event.target.value)}
              className="max-w-64 truncate rounded-md border bg-background px-2 py-1"
            >
              <option value="">All chats</option>
              {chats.map((chat) => (
                <option key={chat.id} value={chat.id}>
                  {chat.title}
                </option>
              ))}
            </select>
          </label>
          {people && (
            <label className="flex min-w-0 items-center gap-2">
              Person
              <select value={userId} onChange={(event) => setUserId(event.target.value)} className="max-w-64 truncate rounded-md border bg-background px-2 py-1">
                <option value="">Everyone</option>
                {people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>

        {runs.length === 0 ? (
          <p className="py-10 text-center text-sm text-muted-foreground">
            {data ? 'No runs match.' : 'Loading…'}
          </p>
        ) : (
          <div className="flex flex-col gap-2">
            <div className={`hidden px-3 text-xs text-muted-foreground sm:grid ${ROW_GRID}`} aria-hidden>
              <span>Run</span>
              <span className="text-right">Duration</span>
              <span className="text-right">Calls</span>
              <span className="text-right">Approvals</span>
              <span className="text-right">Tokens</span>
            </div>
            <ul className="flex flex-col gap-2" aria-label="Runs">
              {runs.map((run) => (
                <li key={run.runId}>
                  <Link
                    href={`/runs/${run.runId}`}
                    data-testid="run-row"
                    data-run-id={run.runId}
                    className={`grid items-center gap-x-4 gap-y-1 rounded-lg border px-3 py-2 text-sm hover:bg-muted/60 ${ROW_GRID}`}
                  >
                    <div className="min-w-0">
                      <div className="flex items-center gap-2">
                        <StatusBadge status={run.status} />
                        <span className="truncate font-medium">{run.userMessage || '(no message)'}</span>
                      </div>
                      <p className="mt-1 truncate text-xs text-muted-foreground">
                        {people ? `${run.owner.name} · ` : ''}
                        {run.chatTitle} · <LocalTime iso={run.startedAt} seconds /> · {run.modelLabel}
                      </p>
                    </div>
                    <span className="text-xs text-muted-foreground sm:text-right">
                      {run.durationMs == null ? 'running…' : formatDuration(run.durationMs)}
                    </span>
                    <span className="text-xs text-muted-foreground sm:text-right" title="model calls · tool calls">
                      {run.modelCalls ?? 0} model · {run.toolCalls ?? 0} tool
                    </span>
                    <span className="text-xs text-muted-foreground sm:text-right">{approvalsSummary(run.approvals)}</span>
                    <span className="text-xs text-muted-foreground sm:text-right">{formatTokens(run.inputTokens, run.outputTokens)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
        {hasMore && (
          <Button onClick={() => setSize(size + 1)} disabled={isValidating} className="self-center">
            {isValidating ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </PageBody>
    </>
  );
}
