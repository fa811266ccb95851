'use client';

import { AlertCircle, RotateCcw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import useSWR from 'swr';
import type { RunDetail } from '@/lib/runs/detail';
import { isLiveStatus } from '@/lib/runs/status';
import { PageBody, PageHeader } from '@/components/app-shell';
import { useNow } from '@/components/approvals/use-now';
import { LocalTime } from '@/components/ui/local-time';
import { formatCount } from '@/lib/format';
import { formatDuration, formatTokens } from './format';
import { JsonView } from './json-view';
import { RunReplay } from './run-replay';
import { RunTimeline } from './run-timeline';
import { fetchRunDetail } from './runs-api';
import { StatusBadge } from './status-badge';

/** One run, understood step by step: what happened, when, how long, with what tokens, and why it ended. */
export function RunDetailView({ initial }: { initial: RunDetail }) {
  const { data: detail = initial } = useSWR(`/api/runs/${initial.run.runId}`, fetchRunDetail, {
    fallbackData: initial,
    refreshInterval: (latest) => (latest && isLiveStatus(latest.run.status) ? 1500 : 0),
  });
  const now = useNow();
  const { run } = detail;
  const live = isLiveStatus(run.status);

  return (
    <>
      <PageHeader>
        <Link href="/runs" className="text-sm text-muted-foreground hover:text-foreground">
          Runs
        </Link>
        <span className="text-muted-foreground">/</span>
        <span className="truncate text-sm">{run.chatTitle}</span>
      </PageHeader>
      <PageBody width="wide" className="gap-6">
        <section className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={run.status} />
            <h1 className="text-lg font-semibold">{run.userMessage || '(no message)'}</h1>
          </div>
          <p className="text-sm text-muted-foreground">
            In{' '}
            <Link href={`/chat/${run.chatId}`} className="underline underline-offset-2 hover:text-foreground">
              {run.chatTitle}
            </Link>{' '}
            · started <LocalTime iso={run.startedAt} seconds /> · {live ? 'running' : `took ${formatDuration(run.durationMs)}`} · {run.modelLabel}
          </p>
          {(run.rerunOf || detail.reruns.length > 0) && (
            <p className="text-sm">
              {run.rerunOf && (
                <>
                  Re-run of{' '}
                  <Link href={`/runs/${run.rerunOf}`} className="font-mono underline">
                    {run.rerunOf}
                  </Link>
                  .{' '}
                </>
              )}
              {detail.reruns.length > 0 && (
                <>
                  Re-run as{' '}
                  {detail.reruns.map((id) => (
                    <Link key={id} href={`/runs/${id}`} className="font-mono underline">
                      {id}
                    </Link>
                  ))}
                  .
                </>
              )}
            </p>
          )}
          {run.error && run.status === 'cancelled' && (
            <div className="flex items-start gap-2 rounded-lg border bg-muted/40 p-3 text-sm" data-testid="run-stopped">
              <span className="min-w-0 flex-1">{run.error}</span>
              <RerunButton runId={run.runId} />
            </div>
          )}
          {run.error && run.status !== 'cancelled' && (
            <div role="alert" className="flex items-start gap-2 rounded-lg border border-destructive/30 bg-destructive-muted p-3 text-sm text-destructive">
              <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span className="min-w-0 flex-1">{run.error}</span>
              {run.status === 'failed' && <RerunButton runId={run.runId} />}
            </div>
          )}
        </section>

        <section aria-label="Summary" className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <Stat label="Model calls" value={`${detail.modelCalls.length}`} detail={`${formatDuration(detail.totals.modelLatencyMs)} in total`} />
          <Stat label="Tokens" value={formatTokens(detail.totals.inputTokens, detail.totals.outputTokens)} />
          <Stat label="Tool calls" value={`${run.toolCalls ?? 0}`} />
          <Stat
            label="Approvals"
            value={`${detail.approvals.length}`}
            detail={detail.approvals.map((a) => a.status).join(', ') || 'none asked'}
          />
        </section>

        <section aria-labelledby="timeline-heading" className="flex flex-col gap-2">
          <h2 id="timeline-heading" className="text-base font-semibold">
            Timeline
          </h2>
          <RunTimeline timeline={detail.timeline} now={now} />
        </section>


        <details className="rounded-lg border p-3" data-testid="run-details">
          <summary className="cursor-pointer text-base font-semibold">Details</summary>
          <div className="mt-3 flex flex-col gap-4 text-sm">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
              <dt className="text-muted-foreground">Run id</dt>
              <dd className="font-mono break-all" data-testid="run-id">{run.runId}</dd>
              <dt className="text-muted-foreground">Workflow status</dt>
              <dd>{detail.worldStatus ?? 'not in the world any more'}</dd>
              <dt className="text-muted-foreground">Model</dt>
              <dd>{run.modelLabel}</dd>
            </dl>
            {detail.modelCalls.length > 0 && (
          <div className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold">
              Model calls
            </h3>
            <table className="w-full text-left text-sm" data-testid="model-calls">
              <thead className="text-xs text-muted-foreground">
                <tr>
                  <th className="py-1 font-normal">#</th>
                  <th className="py-1 font-normal">Started</th>
                  <th className="py-1 font-normal">Latency</th>
                  <th className="py-1 font-normal">Tokens in</th>
                  <th className="py-1 font-normal">Tokens out</th>
                  <th className="py-1 font-normal">Finish</th>
                </tr>
              </thead>
              <tbody>
                {detail.modelCalls.map((call, index) => (
                  <tr key={call.stepId} className="border-t">
                    <td className="py-1">{index + 1}</td>
                    <td className="py-1"><LocalTime iso={call.startedAt} seconds /></td>
                    <td className="py-1">{formatDuration(call.latencyMs)}</td>
                    <td className="py-1">{formatCount(call.inputTokens)}</td>
                    <td className="py-1">{formatCount(call.outputTokens)}</td>
                    <td className="py-1">{call.finishReason ?? '—'}</td>
                  </tr>
                ))}
                <tr className="border-t font-medium">
                  <td className="py-1" colSpan={2}>
                    Total
                  </td>
                  <td className="py-1">{formatDuration(detail.totals.modelLatencyMs)}</td>
                  <td className="py-1">{formatCount(detail.totals.inputTokens)}</td>
                  <td className="py-1">{formatCount(detail.totals.outputTokens)}</td>
                  <td />
                </tr>
              </tbody>
            </table>
          </div>
        )}

            <div className="flex flex-col gap-1">
              <h3 className="text-sm font-semibold">The agent’s instructions (as deployed now)</h3>
              <pre className="max-h-64 overflow-auto rounded-md bg-muted p-2 text-xs whitespace-pre-wrap">{detail.agent.instructions}</pre>
            </div>
            <JsonView label={`Tools offered to the model (${detail.agent.tools.length})`} value={detail.agent.tools} />
          </div>
        </details>

        <section aria-labelledby="replay-heading" className="flex flex-col gap-2">
          <h2 id="replay-heading" className="text-base font-semibold">
            Output, replayed from the run’s stream
          </h2>
          <RunReplay runId={run.runId} live={live} />
        </section>
      </PageBody>
    </>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg border p-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="font-medium">{value}</p>
      {detail && <p className="truncate text-xs text-muted-foreground">{detail}</p>}
    </div>
  );
}

function RerunButton({ runId }: { runId: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  return (
    <span className="flex shrink-0 flex-col items-end gap-1">
      <button
        type="button"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true });
          const response = await fetch(`/api/runs/${runId}/rerun`, { method: 'POST' });
          const body = (await response.json()) as { runId?: string; error?: { message: string } };
          if (response.ok && body.runId) router.push(`/runs/${body.runId}`);
          else setState({ busy: false, error: body.error?.message ?? 'Could not re-run.' });
        }}
        className="flex items-center gap-1 rounded-md border border-destructive/30 px-2 py-1 text-xs font-medium hover:bg-background disabled:opacity-50"
      >
        <RotateCcw className="size-3" aria-hidden /> {state.busy ? 'Starting…' : 'Re-run'}
      </button>
      {state.error && <span className="text-xs">{state.error}</span>}
    </span>
  );
}
