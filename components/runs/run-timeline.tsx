'use client';

import { useState } from 'react';
import { sentenceOf } from '@/lib/runs/step-sentences';
import type { Attempt, StepItem, Timeline, TimelineItem } from '@/lib/runs/timeline';
import { useNameOf } from '@/components/viewer';
import { LocalTime } from '@/components/ui/local-time';
import { formatCount } from '@/lib/format';
import { formatDuration } from './format';
import { JsonView } from './json-view';

const CATEGORY_COLOR: Record<string, string> = {
  turn: 'bg-zinc-400',
  model: 'bg-violet-500',
  tool: 'bg-sky-500',
  effect: 'bg-emerald-600',
  approval: 'bg-amber-500',
  compensation: 'bg-orange-600',
  stream: 'bg-zinc-300 dark:bg-zinc-600',
  other: 'bg-zinc-400',
};

function end(item: TimelineItem, fallback: number): number {
  return item.endedAt ? Date.parse(item.endedAt) : fallback;
}

/**
 * What the run did, in plain words, on one time axis, each line with its details on demand.
 * The plumbing (stream writes, deadlines, reading a decision) is one click away.
 */
export function RunTimeline({ timeline, now }: { timeline: Timeline; now: number }) {
  const nameOf = useNameOf();
  const [showTechnical, setShowTechnical] = useState(false);
  const lines = timeline.items.map((item) => ({ item, sentence: sentenceOf(item, nameOf) }));
  const technicalCount = lines.filter((line) => line.sentence.technical).length;
  const shown = showTechnical ? lines : lines.filter((line) => !line.sentence.technical);
  // The axis spans every item, shown or not, so it stays put when the plumbing is shown.
  const items = timeline.items;
  if (timeline.items.length === 0) return <p className="text-sm text-muted-foreground">The run has not started a step yet.</p>;
  const start = Math.min(...items.map((i) => Date.parse(i.startedAt)));
  const finish = Math.max(timeline.endedAt ? Date.parse(timeline.endedAt) : now, ...items.map((i) => end(i, now)));
  const span = Math.max(1, finish - start);
  const position = (from: number, to: number) => ({
    left: `${((from - start) / span) * 100}%`,
    width: `${Math.max(0.6, ((to - from) / span) * 100)}%`,
  });

  return (
    <div className="flex flex-col gap-1" data-testid="timeline">
      {technicalCount > 0 && (
        <label className="flex items-center gap-2 self-end text-xs text-muted-foreground">
          <input type="checkbox" checked={showTechnical} onChange={(event) => setShowTechnical(event.target.checked)} />
          Show technical steps ({technicalCount})
        </label>
      )}
      <div className="hidden justify-between pl-[40%] text-xs text-muted-foreground sm:flex" aria-hidden>
        <span>0</span>
        <span>{formatDuration(span / 2)}</span>
        <span>{formatDuration(span)}</span>
      </div>
      {shown.map(({ item, sentence }) => (
        <details key={`${item.kind}-${item.id}`} className="group rounded-md hover:bg-muted/40 open:bg-muted/40" data-testid="timeline-item" data-kind={item.kind}>
          {/* On a phone the sentence gets the whole width and its bar goes under it. */}
          <summary className="grid cursor-pointer list-none grid-cols-1 items-center gap-x-2 gap-y-1 px-2 py-1 text-sm sm:grid-cols-[40%_1fr]">
            <span className="flex min-w-0 items-center gap-2">
              <ItemIcon item={item} />
              <span className={`sm:truncate ${sentence.technical ? 'text-muted-foreground' : ''}`} data-testid="timeline-label" title={sentence.text}>
                {sentence.text}
              </span>
              {item.kind === 'step' && item.attempts.length > 1 && (
                <span className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300" data-testid="attempt-count">
                  {item.attempts.length} attempts
                </span>
              )}
            </span>
            <span className="relative h-4 rounded bg-muted">
              {item.kind === 'step' ? (
                item.attempts.map((attempt) => (
                  <span
                    key={attempt.attempt}
                    title={`attempt ${attempt.attempt}: ${attempt.outcome}`}
                    className={`absolute top-0.5 bottom-0.5 rounded-sm ${attempt.outcome === 'completed' || attempt.outcome === 'running' ? CATEGORY_COLOR[item.category] : 'bg-red-500'} ${attempt.outcome === 'running' ? 'animate-pulse' : ''}`}
                    style={position(Date.parse(attempt.startedAt), attempt.endedAt ? Date.parse(attempt.endedAt) : now)}
                  />
                ))
              ) : (
                <span
                  className={`absolute top-1 bottom-1 rounded-sm border border-dashed ${item.kind === 'hook' ? 'border-amber-500 bg-amber-200/50' : 'border-zinc-400 bg-zinc-200/50 dark:bg-zinc-700/50'}`}
                  style={position(Date.parse(item.startedAt), end(item, now))}
                />
              )}
            </span>
          </summary>
          <div className="flex flex-col gap-2 px-3 pt-1 pb-3 text-xs">
            <ItemDetails item={item} />
          </div>
        </details>
      ))}
    </div>
  );
}

function ItemIcon({ item }: { item: TimelineItem }) {
  const color = item.kind === 'step' ? CATEGORY_COLOR[item.category] : item.kind === 'hook' ? 'bg-amber-500' : 'bg-zinc-400';
  return <span className={`size-2 shrink-0 rounded-full ${color}`} aria-hidden />;
}

function AttemptRow({ attempt }: { attempt: Attempt }) {
  const failed = attempt.outcome === 'failed' || attempt.outcome === 'retrying';
  return (
    <li className="flex flex-wrap gap-x-3" data-testid="attempt" data-outcome={attempt.outcome}>
      <span className="font-medium">Attempt {attempt.attempt}</span>
      <LocalTime iso={attempt.startedAt} seconds />
      <span>{attempt.endedAt ? formatDuration(Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt)) : 'running'}</span>
      <span className={failed ? 'text-destructive' : 'text-muted-foreground'}>{attempt.outcome}</span>
      {attempt.error && <span className="text-destructive">{attempt.error}</span>}
      {attempt.retryDelayMs != null && (
        <span className="text-muted-foreground">retried after {formatDuration(attempt.retryDelayMs)}</span>
      )}
    </li>
  );
}

function StepDetails({ step }: { step: StepItem }) {
  return (
    <>
      <p className="text-muted-foreground">
        {step.label} · <code>{step.name}</code> · {step.status} · {formatDuration(step.durationMs)}
      </p>
      <ul className="flex flex-col gap-1">
        {step.attempts.map((attempt) => (
          <AttemptRow key={attempt.attempt} attempt={attempt} />
        ))}
      </ul>
      {step.model && (
        <p>
          Model call: {formatCount(step.model.inputTokens)} tokens in, {formatCount(step.model.outputTokens)} out ·{' '}
          {formatDuration(step.model.latencyMs)} · finished with “{step.model.finishReason ?? 'unknown'}”
        </p>
      )}
      {step.effect && (
        <div className="rounded-md border border-emerald-600/30 bg-emerald-50 p-2 dark:bg-emerald-950/30" data-testid="effect">
          <p>
            Effect committed once under idempotency key <code className="break-all">{step.effect.idempotencyKey}</code> at{' '}
            <LocalTime iso={step.effect.createdAt} seconds />
          </p>
        </div>
      )}
      <JsonView label="Input" value={step.input} />
      <JsonView label="Output" value={step.output} />
      {step.effect && <JsonView label="Recorded effect" value={step.effect.result} />}
    </>
  );
}

function ItemDetails({ item }: { item: TimelineItem }) {
  const nameOf = useNameOf();
  if (item.kind === 'step') return <StepDetails step={item} />;
  if (item.kind === 'wait') {
    return (
      <p>
        Slept from <LocalTime iso={item.startedAt} seconds />
        {item.resumeAt && (
          <>
            {' '}until <LocalTime iso={item.resumeAt} seconds />
          </>
        )}{' '}
        · {item.outcome === 'elapsed' ? 'the time ran out' : item.outcome === 'not needed' ? 'not needed: the run went on before' : 'still sleeping'}
      </p>
    );
  }
  const approval = item.approval;
  return (
    <div className="flex flex-col gap-1" data-testid="hook-details">
      <p>
        Waited {formatDuration(item.durationMs)} from <LocalTime iso={item.startedAt} seconds /> ·{' '}
        {item.outcome === 'received' ? 'woken by a decision' : item.outcome === 'waiting' ? 'still waiting' : 'ended without an answer'}
      </p>
      {approval && <p>{item.label}</p>}
      {approval && (
        <p data-testid="approval-decision">
          {approval.status === 'pending' ? (
            'Not decided yet'
          ) : approval.status === 'expired' ? (
            <>
              Expired at <LocalTime iso={approval.expiresAt} seconds />
            </>
          ) : approval.status === 'cancelled' ? (
            `Cancelled: ${approval.reason ?? 'the turn ended first'}`
          ) : (
            <>
              {approval.status === 'approved' ? 'Approved' : 'Rejected'} by {nameOf(approval.decidedBy)}
              {approval.decidedAt && (
                <>
                  {' '}at <LocalTime iso={approval.decidedAt} seconds />
                </>
              )}
              {approval.reason ? `: “${approval.reason}”` : ''}
            </>
          )}
        </p>
      )}
      {approval && <JsonView label="Tool input" value={approval.input} />}
    </div>
  );
}
