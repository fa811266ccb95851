import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { World } from './signed-deliveries';

/**
 * Repairs what a killed process leaves half-written in the local world's files.
 *
 * The local world (`@workflow/world-local`, events-storage.js) records a step's end in three
 * separate file writes: a `.locks/steps/{run}-{step}.terminal` lock, the step's record with
 * its output, then the `step_completed` (or `step_failed`) event. The event log is the truth
 * the runtime replays. A kill between the writes leaves a step that looks finished (or
 * locked) with no event saying so: every later attempt is refused, the runtime queues the
 * run again forever, and the turn never ends. The same goes for a step record written
 * without its `step_created` event.
 *
 * The repair makes the files agree with the event log: such a step goes back to pending
 * (its lock removed) and runs again, which is safe because every step that changes anything
 * is idempotent by its step id; a step record with no `step_created` event is removed, and
 * the replay creates it afresh. It runs at start-up, before any delivery: the world is
 * in-process, so nothing else can be half-way through a write then.
 */
export interface StepRepair {
  runId: string;
  stepId: string;
  stepName: string;
  kind: 'finished-without-event' | 'created-without-event';
}

const TERMINAL_EVENTS = new Set(['step_completed', 'step_failed']);

export async function repairHalfWrittenSteps(world: World, dataDir: string): Promise<StepRepair[]> {
  const repairs: StepRepair[] = [];
  for (const runId of await activeRunIds(world)) {
    const created = new Set<string>();
    const ended = new Set<string>();
    for (const event of await allPages((cursor) => world.events.list({ runId, resolveData: 'none', pagination: { cursor } }))) {
      if (!event.correlationId) continue;
      if (event.eventType === 'step_created') created.add(event.correlationId);
      if (TERMINAL_EVENTS.has(event.eventType)) ended.add(event.correlationId);
    }
    const steps = await allPages((cursor) => world.steps.list({ runId, resolveData: 'none', pagination: { cursor } }));
    for (const step of steps) {
      if (ended.has(step.stepId)) continue;
      const files = stepFiles(dataDir, runId, step.stepId);
      const repair = { runId, stepId: step.stepId, stepName: step.stepName };
      if (!created.has(step.stepId)) {
        await rm(files.record, { force: true });
        await rm(files.lock, { force: true });
        repairs.push({ ...repair, kind: 'created-without-event' });
      } else if (step.status === 'completed' || step.status === 'failed' || (await exists(files.lock))) {
        await reopenStep(files.record);
        await rm(files.lock, { force: true });
        repairs.push({ ...repair, kind: 'finished-without-event' });
      }
    }
  }
  return repairs;
}

function stepFiles(dataDir: string, runId: string, stepId: string) {
  const key = `${runId}-${stepId}`;
  return {
    record: path.join(dataDir, 'steps', `${key}.json`),
    lock: path.join(dataDir, '.locks', 'steps', `${key}.terminal`),
  };
}

/** Puts a step record back to pending, keeping its attempts; written whole, then renamed into place. */
async function reopenStep(file: string) {
  const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  record.status = 'pending';
  for (const field of ['output', 'error', 'completedAt', 'retryAfter']) delete record[field];
  record.updatedAt = new Date().toISOString();
  const temporary = `${file}.repair`;
  await writeFile(temporary, JSON.stringify(record));
  await rename(temporary, file);
}

async function activeRunIds(world: World): Promise<string[]> {
  const ids: string[] = [];
  for (const status of ['pending', 'running'] as const) {
    const runs = await allPages((cursor) => world.runs.list({ status, resolveData: 'none', pagination: { cursor } }));
    ids.push(...runs.map((run) => run.runId));
  }
  return ids;
}

async function allPages<T>(page: (cursor: string | undefined) => Promise<{ data: T[]; cursor?: string | null; hasMore: boolean }>) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.data);
    cursor = result.hasMore ? (result.cursor ?? undefined) : undefined;
  } while (cursor);
  return items;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
