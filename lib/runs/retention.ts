import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { getWorld } from 'workflow/runtime';
import { listRunsToArchive, saveRunArchive } from '@/db/queries/archives';
import { listUnpurgedNotifierRuns, markNotifierRunsPurged } from '@/db/queries/notifications';
import { isTerminal, readWrittenChunks } from '@/lib/chat/run-stream';
import { readRunEvents, readRunSteps } from './world-data';

/**
 * Retention of finished runs. Once a run has ended and its answer is stored, what its
 * review needs (event log, steps, streamed chunks) is copied into `run_archives`; on the
 * local world, the run's files are then deleted. The local world keeps every run's events,
 * steps and stream chunks in flat folders that it lists on every read, so without this each
 * turn gets slower as history grows.
 */

/** Copies a finished run's review data out of the workflow world. Idempotent. */
export async function archiveRun(runId: string): Promise<boolean> {
  const world = getWorld();
  const run = await world.runs.get(runId, { resolveData: 'none' }).catch(() => null);
  if (!run || !isTerminal(run.status)) return false;
  const [events, steps, chunks] = await Promise.all([readRunEvents(runId, world), readRunSteps(runId, world), readWrittenChunks(runId)]);
  await saveRunArchive({ runId, worldStatus: run.status, events, steps, chunks });
  return true;
}

/** Files of these runs in a local world's data folder: everything named after the run or its stream. */
export async function purgeLocalWorldRuns(dataDir: string, runIds: string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const prefixes = runIds.flatMap((id) => [`${id}-`, `${id}.`, `${id.replace(/^wrun_/, 'strm_')}_`]);
  let removed = 0;
  for (const folder of ['events', 'steps', 'runs', 'hooks', 'waits', 'streams/chunks', 'streams/runs', '.locks/steps']) {
    const dir = path.join(/*turbopackIgnore: true*/ dataDir, folder);
    const names = await readdir(/*turbopackIgnore: true*/ dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
      await unlink(path.join(/*turbopackIgnore: true*/ dir, name)).catch(() => {});
      removed++;
    }
  }
  return removed;
}

export interface SweepOptions {
  /** Runs that ended less than this long ago are left alone: readers may still follow them. */
  finishedMoreThanMs: number;
  limit: number;
  /** The local world's data folder, when its files should be deleted. */
  localDataDir?: string;
}

/** Archives runs that ended a while ago and frees the local world of them. */
export async function sweepFinishedRuns(options: SweepOptions): Promise<{ archived: number; filesRemoved: number }> {
  const candidates = await listRunsToArchive(new Date(Date.now() - options.finishedMoreThanMs), options.limit);
  const archived: string[] = [];
  for (const runId of candidates) {
    try {
      if (await archiveRun(runId)) archived.push(runId);
    } catch (error) {
      console.warn(`[retention] could not archive run ${runId}`, error);
    }
  }
  const filesRemoved = options.localDataDir ? await purgeLocalWorldRuns(options.localDataDir, archived) : 0;
  return { archived: archived.length, filesRemoved };
}

/**
 * Approval notification runs leave nothing to review (their deliveries are in the database),
 * but on the local world their files would slow every read down like a turn's: once ended a
 * while ago, they are removed.
 */
export async function purgeFinishedNotifierRuns(options: { finishedMoreThanMs: number; limit: number; localDataDir: string }): Promise<number> {
  const world = getWorld();
  const ended: string[] = [];
  for (const runId of await listUnpurgedNotifierRuns(options.limit)) {
    const run = await world.runs.get(runId, { resolveData: 'none' }).catch(() => null);
    if (run && !isTerminal(run.status)) continue;
    if (run?.completedAt && Date.now() - run.completedAt.getTime() < options.finishedMoreThanMs) continue;
    ended.push(runId);
  }
  const removed = await purgeLocalWorldRuns(options.localDataDir, ended);
  await markNotifierRunsPurged(ended);
  return removed;
}

/** The local world's data folder when it is the world in use (its files are ours to prune). */
function localWorldDataDir(): string | undefined {
  return (process.env.WORKFLOW_TARGET_WORLD || 'local') === 'local' ? process.env.WORKFLOW_LOCAL_DATA_DIR : undefined;
}

/** Sweeps every RUN_ARCHIVE_SWEEP_MS (default 15 s) runs that ended RUN_ARCHIVE_AFTER_MS ago (default 30 s). */
export function startRunRetention(): void {
  const every = Number(process.env.RUN_ARCHIVE_SWEEP_MS ?? 15_000);
  const after = Number(process.env.RUN_ARCHIVE_AFTER_MS ?? 30_000);
  if (!(every > 0)) return;
  const local = localWorldDataDir();
  let sweeping = false;
  const timer = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await sweepFinishedRuns({ finishedMoreThanMs: after, limit: 200, localDataDir: local });
      if (local) await purgeFinishedNotifierRuns({ finishedMoreThanMs: after, limit: 200, localDataDir: local });
    } catch (error) {
      console.warn('[retention] sweep failed', error);
    } finally {
      sweeping = false;
    }
  }, every);
  timer.unref?.();
}
