import { getWorld } from 'workflow/runtime';
import { listApprovalsOfRun, type ApprovalView } from '@/db/queries/approvals';
import { getRunArchive } from '@/db/queries/archives';
import { listEffects } from '@/db/queries/effects';
import { getRunRowForViewer, listRerunsOf } from '@/db/queries/runs';
import type { Viewer } from '@/lib/auth/permissions';
import { agentSetup, type AgentSetup } from './agent-setup';
import { toRunListItem, type RunListItem } from './list';
import { redactForDisplay } from './redact';
import { buildTimeline, type LogEvent, type LogStep, type ModelCallInfo, type Timeline } from './timeline';
import { readRunEvents, readRunSteps } from './world-data';

export interface RunDetail {
  run: RunListItem;
  /** The world's own status, which may run ahead of the app's record. */
  worldStatus: string | null;
  timeline: Timeline;
  modelCalls: (ModelCallInfo & { stepId: string; startedAt: string })[];
  totals: { inputTokens: number; outputTokens: number; modelLatencyMs: number };
  approvals: ApprovalView[];
  reruns: string[];
  /** What the model was told and offered (as deployed now), for the technical details. */
  agent: AgentSetup;
}

/**
 * Everything about one of the user's runs: the app's record, and a timeline built from the
 * workflow world's own event log (steps with their attempts, waits, hooks) joined with the
 * approvals it asked for and the effects its tools committed. Null for someone else's run.
 */
export async function getRunDetail(runId: string, viewer: Viewer): Promise<RunDetail | null> {
  const row = await getRunRowForViewer(runId, viewer);
  if (!row) return null;
  const [run, log, approvals, reruns] = await Promise.all([toRunListItem(row), readRunLog(runId), listApprovalsOfRun(runId), listRerunsOf(runId)]);
  const { worldStatus, events, steps } = log;
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
    worldStatus,
    timeline,
    modelCalls,
    totals: {
      inputTokens: modelCalls.reduce((sum, call) => sum + call.inputTokens, 0),
      outputTokens: modelCalls.reduce((sum, call) => sum + call.outputTokens, 0),
      modelLatencyMs: modelCalls.reduce((sum, call) => sum + (call.latencyMs ?? 0), 0),
    },
    approvals,
    reruns,
    agent: agentSetup(),
  };
}

/** The run's log: from its archive once it has one (the world may have let go of it), else from the world. */
async function readRunLog(runId: string): Promise<{ worldStatus: string | null; events: LogEvent[]; steps: LogStep[] }> {
  const archive = await getRunArchive(runId);
  if (archive) {
    const events = (archive.events as (Omit<LogEvent, 'at'> & { at: string })[]).map((e) => ({ ...e, at: new Date(e.at) }));
    return { worldStatus: archive.worldStatus, events, steps: archive.steps as LogStep[] };
  }
  const world = getWorld();
  const [worldRun, events, steps] = await Promise.all([
    world.runs.get(runId, { resolveData: 'none' }).catch(() => null),
    readRunEvents(runId, world).catch(() => []),
    readRunSteps(runId, world).catch(() => []),
  ]);
  return { worldStatus: worldRun?.status ?? null, events, steps };
}
