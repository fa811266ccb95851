import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalWorld } from '@workflow/world-local';
import { EntityConflictError } from 'workflow/internal/errors';
import { describe, expect, it } from 'vitest';
import { repairHalfWrittenSteps } from './local-world-repair';
import type { World } from './signed-deliveries';

// What a SIGKILL leaves in the local world's files when it lands between the separate writes
// that record a step's end (or its creation), and what a restart must make of it.

type Event = Parameters<World['events']['create']>[1];
const event = (e: Record<string, unknown>) => ({ specVersion: 2, ...e }) as unknown as Event;

async function worldWithRunningStep(dataDir: string) {
  const world = createLocalWorld({ dataDir }) as unknown as World;
  const created = await world.events.create(null as unknown as string, event({
    eventType: 'run_created',
    eventData: { deploymentId: 'test', workflowName: 'workflow//./test//flow', input: new Uint8Array([1]) },
  }));
  const runId = created.run!.runId;
  await world.events.create(runId, event({ eventType: 'run_started' }));
  await world.events.create(runId, event({ eventType: 'step_created', correlationId: 'step_01', eventData: { stepName: 'refund', input: new Uint8Array([2]) } }));
  await world.events.create(runId, event({ eventType: 'step_started', correlationId: 'step_01', eventData: { stepName: 'refund' } }));
  return { world, runId };
}

/** A new world on the same files: what the restarted server opens. */
const restarted = (dataDir: string) => createLocalWorld({ dataDir }) as unknown as World;

function deleteEvent(dataDir: string, runId: string, eventType: string) {
  const dir = path.join(dataDir, 'events');
  for (const file of readdirSync(dir)) {
    if (file.startsWith(runId) && JSON.parse(readFileSync(path.join(dir, file), 'utf8')).eventType === eventType) {
      rmSync(path.join(dir, file));
    }
  }
}

const complete = (world: World, runId: string) =>
  world.events.create(runId, event({ eventType: 'step_completed', correlationId: 'step_01', eventData: { stepName: 'refund', result: new Uint8Array([3]) } }));
const start = (world: World, runId: string) =>
  world.events.create(runId, event({ eventType: 'step_started', correlationId: 'step_01', eventData: { stepName: 'refund' } }));

describe('repairing the local world after a kill', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'local-world-repair-'));

  it('reopens a step whose end was recorded but whose step_completed event never was', async () => {
    const dir = dataDir();
    const { world, runId } = await worldWithRunningStep(dir);
    await complete(world, runId);
    deleteEvent(dir, runId, 'step_completed'); // killed after the lock and the record, before the event

    // Without the repair the step can never run again: the world calls it finished.
    await expect(start(restarted(dir), runId)).rejects.toSatisfy(EntityConflictError.is);

    const after = restarted(dir);
    expect(await repairHalfWrittenSteps(after, dir)).toEqual([
      { runId, stepId: 'step_01', stepName: 'refund', kind: 'finished-without-event' },
    ]);
    const again = await start(after, runId);
    expect(again.step).toMatchObject({ status: 'running', attempt: 2 });
    expect((await complete(after, runId)).step).toMatchObject({ status: 'completed' });
    // Repaired once is repaired: a second pass finds nothing.
    expect(await repairHalfWrittenSteps(restarted(dir), dir)).toEqual([]);
  });

  it('removes the lock of a step killed right after taking it', async () => {
    const dir = dataDir();
    const { runId } = await worldWithRunningStep(dir);
    mkdirSync(path.join(dir, '.locks', 'steps'), { recursive: true });
    writeFileSync(path.join(dir, '.locks', 'steps', `${runId}-step_01.terminal`), '');

    // Without the repair the step runs again, but can never record its end.
    const before = restarted(dir);
    await start(before, runId);
    await expect(complete(before, runId)).rejects.toSatisfy(EntityConflictError.is);

    const after = restarted(dir);
    expect((await repairHalfWrittenSteps(after, dir)).map((r) => r.kind)).toEqual(['finished-without-event']);
    await start(after, runId);
    expect((await complete(after, runId)).step).toMatchObject({ status: 'completed' });
  });

  it('removes a step record written without its step_created event, so the replay can create it', async () => {
    const dir = dataDir();
    const { runId } = await worldWithRunningStep(dir);
    // Killed after writing step_02's record, before its step_created event.
    const record = JSON.parse(readFileSync(path.join(dir, 'steps', `${runId}-step_01.json`), 'utf8'));
    writeFileSync(path.join(dir, 'steps', `${runId}-step_02.json`), JSON.stringify({ ...record, stepId: 'step_02', status: 'pending', attempt: 0 }));
    const create = (world: World) =>
      world.events.create(runId, event({ eventType: 'step_created', correlationId: 'step_02', eventData: { stepName: 'refund', input: new Uint8Array([2]) } }));

    // (Shown on a copy: the world remembers in memory which files it has seen.)
    const copy = dataDir();
    cpSync(dir, copy, { recursive: true });
    await expect(create(restarted(copy))).rejects.toSatisfy(EntityConflictError.is);

    const after = restarted(dir);
    expect((await repairHalfWrittenSteps(after, dir)).map((r) => `${r.stepId} ${r.kind}`)).toEqual(['step_02 created-without-event']);
    expect((await create(after)).step).toMatchObject({ stepId: 'step_02', status: 'pending', attempt: 0 });
  });

  it('leaves consistent steps and finished runs alone', async () => {
    const dir = dataDir();
    const { world, runId } = await worldWithRunningStep(dir);
    await complete(world, runId);
    expect(await repairHalfWrittenSteps(restarted(dir), dir)).toEqual([]);
  });
});
