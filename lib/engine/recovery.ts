import type { World } from './signed-deliveries';

/** The queue a workflow's invocations go to (`@workflow/world`'s topic prefix, no namespace). */
const WORKFLOW_QUEUE_PREFIX = '__wkf_workflow_';

/** Queues one run's replay, through the signed `world.queue`. */
export async function queueRunAgain(world: World, run: { runId: string; workflowName: string }): Promise<void> {
  await world.queue(`${WORKFLOW_QUEUE_PREFIX}${run.workflowName}` as Parameters<World['queue']>[0], { runId: run.runId });
}

/**
 * Queues every pending or running run once, so each replays from its event log and picks up
 * where a crash left it (replay is idempotent; a step already running elsewhere is not
 * started twice by it). This is what the worlds' own `start()` does, but through
 * `world.queue`, so the deliveries are signed.
 */
export async function recoverActiveRuns(world: World): Promise<number> {
  let queued = 0;
  for (const status of ['pending', 'running'] as const) {
    let cursor: string | undefined;
    do {
      const page = await world.runs.list({ status, resolveData: 'none', pagination: { cursor } });
      for (const run of page.data) {
        try {
          await queueRunAgain(world, run);
          queued++;
        } catch (error) {
          console.warn(`[recovery] could not queue run ${run.runId} again`, error);
        }
      }
      cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
    } while (cursor);
  }
  if (queued > 0) console.log(`[recovery] queued ${queued} active run(s) again`);
  return queued;
}
