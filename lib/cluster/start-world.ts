import { repairHalfWrittenSteps } from '@/lib/engine/local-world-repair';
import { type HalfRecordedStep } from '@/lib/engine/postgres-world-repair';
import { queueRunAgain, recoverActiveRuns } from '@/lib/engine/recovery';
import type { World } from '@/lib/engine/signed-deliveries';
import { localGraphileWorkerIds } from './graphile-workers';
import { InstanceRegistry } from './instance-registry';

const SWEEP_MS = Number(process.env.INSTANCE_RECOVERY_SWEEP_MS ?? 2000);

type StartableWorld = World & { start?(): Promise<void> };

/**
 * Starts the workflow world with the server and queues its active runs again; on the
 * Postgres world, also joins the instances that share it (see `InstanceRegistry`).
 *
 * The worlds' own `start()` re-enqueues every pending and running run, but unsigned (it
 * queues through a private reference), so it is started with its runs hidden and
 * `recoverActiveRuns` queues them through the signed `world.queue`, in the background: the
 * deliveries are requests to this very server, which answers them once it is ready.
 *
 * Re-enqueuing is right for the only instance after a restart, and wrong next to live
 * instances (a rolling deploy, a scale-up): a run executing on one of them gets its running
 * step enqueued again, Graphile hands the job key of a locked job to the new copy, and the
 * step runs twice at the same time. So with live peers nothing is re-enqueued, and the runs
 * of dead instances are recovered by the sweep instead.
 */
export async function startWorld(world: StartableWorld): Promise<void> {
  const url = process.env.WORKFLOW_POSTGRES_URL;
  // Jobs locked before this moment cannot be this process's (its workers start with the world).
  const startedAt = new Date();
  await startWithoutReenqueue(world);
  if (process.env.WORKFLOW_TARGET_WORLD !== '@workflow/world-postgres' || !url) {
    const dataDir = process.env.WORKFLOW_LOCAL_DATA_DIR;
    if (dataDir) {
      for (const repair of await repairHalfWrittenSteps(world, dataDir)) {
        console.log(`[recovery] step ${repair.stepName} of run ${repair.runId}: ${repair.kind}; it runs again`);
      }
    }
    void recoverActiveRuns(world).catch((error) => console.warn('[recovery] failed', error));
    return;
  }
  const registry = new InstanceRegistry(url);
  await registry.connect();
  const livePeers = await registry.countLivePeers();
  if (livePeers > 0) {
    console.log(`[instances] joining ${livePeers} live instance(s); their runs stay with them`);
  } else {
    // The only instance: every job still locked belongs to a process that is gone.
    logUnlocked(await registry.recoverDeadInstances(), await registry.recoverUnregisteredClaims(startedAt));
    logRevived(await registry.reviveExhaustedJobs());
    // No other instance lives, so none is between the two writes: repair whatever age (a kill
    // is seconds old at a restart, and waiting for the sweep's margin cost a turn its 30 s).
    // Every active run is queued just below: no need to queue the repaired ones on their own.
    logRepaired(await registry.repairHalfRecordedSteps(0));
    void recoverActiveRuns(world).catch((error) => console.warn('[recovery] failed', error));
  }
  sweepForDeadInstances(registry, world);
}

function logUnlocked(dead: { instanceId: string; workerIds: string[] }[], unregistered: string[]) {
  for (const instance of dead) {
    console.log(`[instances] instance ${instance.instanceId} is gone; unlocked the jobs of its ${instance.workerIds.length} workers`);
  }
  if (unregistered.length > 0) console.log(`[instances] unlocked the jobs of ${unregistered.length} unregistered worker(s) of a dead instance`);
}

function logRepaired(steps: HalfRecordedStep[]) {
  for (const step of steps) {
    console.log(`[recovery] step ${step.stepName} of run ${step.runId} was marked ${step.status} without its event; it runs again`);
  }
}

function logRevived(count: number) {
  if (count > 0) console.log(`[instances] ${count} job(s) had spent every attempt while their run still needed them; each gets one more`);
}

/** Jobs of unregistered workers older than this belong to an instance that died before registering them. */
const UNREGISTERED_GRACE_MS = 20_000;

/** `start()` lists active runs through `world.runs` (the same object): hide them while it runs. */
async function startWithoutReenqueue(world: StartableWorld): Promise<void> {
  const list = world.runs.list;
  world.runs.list = (async () => ({ data: [], cursor: null, hasMore: false })) as unknown as typeof list;
  try {
    await world.start?.();
  } finally {
    world.runs.list = list;
  }
}

/** Registers this instance's workers as they start, and recovers dead instances' jobs. */
function sweepForDeadInstances(registry: InstanceRegistry, world: StartableWorld): void {
  if (!(SWEEP_MS > 0)) return;
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      if (!registry.connected) await registry.connect();
      const ownWorkers = localGraphileWorkerIds();
      await registry.register(ownWorkers);
      logUnlocked(
        await registry.recoverDeadInstances(),
        // Only while registering works: if Graphile's internals changed and no instance can name
        // its workers, every long job would look unregistered.
        ownWorkers.length > 0 ? await registry.recoverUnregisteredClaims(new Date(Date.now() - UNREGISTERED_GRACE_MS)) : [],
      );
      logRevived(await registry.reviveExhaustedJobs());
      const repaired = await registry.repairHalfRecordedSteps();
      logRepaired(repaired);
      // Their replays queue the steps again.
      const runs = new Map(repaired.map((step) => [step.runId, step.workflowName]));
      for (const [runId, workflowName] of runs) await queueRunAgain(world, { runId, workflowName });
    } catch (error) {
      console.warn('[instances] recovery sweep failed', error);
    } finally {
      busy = false;
    }
  };
  void sweep();
  setInterval(sweep, SWEEP_MS).unref();
}
