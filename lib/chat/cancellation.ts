import { getWorld } from 'workflow/runtime';

/**
 * Lets a model call notice that its run was cancelled (Stop), so the work really ends: a
 * cancelled run takes no further steps, but a step already streaming would otherwise run
 * to its end. The stop route aborts model calls in this process at once; a call in another
 * instance notices within a poll of the run's status.
 */
const POLL_MS = 1000;

const globalForCancellation = globalThis as typeof globalThis & {
  __runAborts?: Map<string, Set<AbortController>>;
};
const registry = () => (globalForCancellation.__runAborts ??= new Map());

export interface CancellationWatch {
  signal: AbortSignal;
  stop(): void;
}

/** Watches a run for cancellation while a model call streams; call `stop()` when it is done. */
export function watchRunCancellation(runId: string): CancellationWatch {
  const controller = new AbortController();
  const controllers = registry().get(runId) ?? new Set();
  controllers.add(controller);
  registry().set(runId, controllers);

  const poll = setInterval(async () => {
    try {
      const run = await getWorld().runs.get(runId, { resolveData: 'none' });
      if (run.status === 'cancelled') controller.abort(new Error('The run was stopped.'));
      else if (run.status === 'completed' || run.status === 'failed') stop(); // a watch nobody stopped
    } catch {
      // The world is unreachable for a moment: keep streaming, look again at the next poll.
    }
  }, POLL_MS);
  poll.unref?.();

  const stop = () => {
    clearInterval(poll);
    controllers.delete(controller);
    if (controllers.size === 0) registry().delete(runId);
  };
  controller.signal.addEventListener('abort', stop, { once: true });
  return { signal: controller.signal, stop };
}

/** Aborts the run's model calls that stream in this process. */
export function abortRunLocally(runId: string): number {
  const controllers = [...(registry().get(runId) ?? [])];
  for (const controller of controllers) controller.abort(new Error('The run was stopped.'));
  return controllers.length;
}
