import { getWorld } from 'workflow/runtime';
import { listApprovalsOfRun, type ApprovalView } from '@/db/queries/approvals';
import { listEffects } from '@/db/queries/effects';
import { getRunRowForUser, listRerunsOf } from '@/db/queries/runs';
import { decodeForDisplay } from './decode';
import { toRunListItem, type RunListItem } from './list';
import { redactForDisplay } from './redact';
import { buildTimeline, type LogEvent, type LogStep, type ModelCallInfo, type Timeline } from './timeline';

export interface RunDetail {
  run: RunListItem;
  /** The world's own status, which may run ahead of the app's record. */
  worldStatus: string | null;
  timeline: Timeline;
  modelCalls: (ModelCallInfo & { stepId: string; startedAt: string })[];
  totals: { inputTokens: number; outputTokens: number; modelLatencyMs: number };
  approvals: ApprovalView[];
  reruns: string[];
}

const PAGE = 1000;

type World = ReturnType<typeof getWorld>;

async function allEvents(world: World, runId: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await world.events.list({ runId, pagination: { limit: PAGE, cursor, sortOrder: 'asc' }, resolveData: 'all' });
    for (const event of page.data) {
      const data = 'eventData' in event ? (event.eventData as Record<string, unknown> | undefined) : undefined;
      events.push({ type: event.eventType, correlationId: event.correlationId, at: event.createdAt, data });
    }
    cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
  } while (cursor);
  return events;
}

async function allSteps(world: World, runId: string): Promise<LogStep[]> {
  const steps: LogStep[] = [];
  let cursor: string | undefined;
  do {
    const page = await world.steps.list({ runId, pagination: { limit: PAGE, cursor }, resolveData: 'all' });
    for (const step of page.data) {
      steps.push({
        stepId: step.stepId,
        stepName: step.stepName,
        status: step.status,
        input: redactForDisplay(decodeForDisplay(step.input)),
        output: redactForDisplay(decodeForDisplay(step.output)),
        error: step.error?.message,
      });
    }
    cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
  } while (cursor);
  return steps;
}

/**
 * Everything about one of the user's runs: the app's record, and a timeline built from the
 * workflow world's own event log (steps with their attempts, waits, hooks) joined with the
 * approvals it asked for and the effects its tools committed. Null for someone else's run.
 */
export async function getRunDetail(runId: string, userId: string): Promise<RunDetail | null> {
  const row = await getRunRowForUser(runId, userId);
  if (!row) return null;
  const world = getWorld();
  const [run, worldRun, events, steps, approvals, reruns] = await Promise.all([
    toRunListItem(row),
    world.runs.get(runId, { resolveData: 'none' }).catch(() => null),
    allEvents(world, runId).catch(() => []),
    allSteps(world, runId).catch(() => []),
    listApprovalsOfRun(runId),
    listRerunsOf(runId),
  ]);
  const effects = (await listEffects(steps.map((s) => s.stepId))).map((effect) => ({
    idempotencyKey: effect.idempotencyKey,
    toolName: effect.toolName,
    result: redactForDisplay(effect.result),
    createdAt: effect.createdAt.toISOString(),
  }));
  const timeline = buildTimeline({ events, steps, approvals, effects, runId });
  const modelCalls = timeline.items.flatMap((item) =>
    item.kind === 'step' && item.model ? [{ ...item.model, stepId: item.id, startedAt: item.startedAt }] : [],
  );
  return {
    run,
    worldStatus: worldRun?.status ?? null,
    timeline,
    modelCalls,
    totals: {
      inputTokens: modelCalls.reduce((sum, call) => sum + call.inputTokens, 0),
      outputTokens: modelCalls.reduce((sum, call) => sum + call.outputTokens, 0),
      modelLatencyMs: modelCalls.reduce((sum, call) => sum + (call.latencyMs ?? 0), 0),
    },
    approvals,
    reruns,
  };
}
