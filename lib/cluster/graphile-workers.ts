import { createRequire } from 'node:module';
import path from 'node:path';

interface WorkerPoolInternals {
  _workers: { workerId: string }[];
}

/**
 * The ids of the Graphile Worker workers running in this process: the Postgres world's queue
 * runner. Graphile stamps each job it runs with its worker's id (`locked_by`), which is how
 * another instance can tell whose jobs died with a process.
 *
 * The world does not expose its runner, so this reads Graphile's own list of worker pools
 * (`_allWorkerPools`, internal in graphile-worker 0.16, the version world-postgres pins). It
 * resolves the package the way the workflow runtime resolves the world, so both get the same
 * module instance. An empty list only means "not started yet" (or an upgrade changed the
 * internals): then this instance registers no workers and nobody ever unlocks its jobs,
 * which is the safe side to fail on.
 */
export function localGraphileWorkerIds(): string[] {
  try {
    const requireFromApp = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), 'index.js'));
    const main = requireFromApp('graphile-worker/dist/main.js') as { _allWorkerPools?: WorkerPoolInternals[] };
    return (main._allWorkerPools ?? []).flatMap((pool) => (pool._workers ?? []).map((worker) => worker.workerId));
  } catch {
    return [];
  }
}
