import type { World } from './signed-deliveries';

/**
 * The runtime records a step's end while the step's last stream chunks may still be on
 * their way to the world: it flushes step streams "in the background" and writes
 * `step_completed` at the same time (`@workflow/core` step-handler). A kill in between keeps
 * the step (it never runs again) and loses its last chunks: the answer is cut short for
 * every reader and in the stored message ("Refunded ").
 *
 * So a step's end waits for its run's stream writes: first a few flush intervals, so that
 * chunks still buffered in the writer reach the world, then until every write of the run
 * in progress has landed. A step that wrote nothing waits only the flush intervals.
 */
const STEP_END_EVENTS = new Set(['step_completed', 'step_failed', 'step_retrying']);
/** Never hold a step's end longer than this, whatever the streams do. */
const MAX_WAIT_MS = 5_000;

const WRAPPED = Symbol.for('chat-app.stream-before-step-end');

export function flushStreamsBeforeStepEnds(world: World): void {
  const marked = world as World & { [WRAPPED]?: true };
  if (marked[WRAPPED]) return;
  marked[WRAPPED] = true;
  const writing = new Map<string, Set<Promise<unknown>>>();

  const track = <T>(runId: string, write: Promise<T>): Promise<T> => {
    const writes = writing.get(runId) ?? new Set<Promise<unknown>>();
    writing.set(runId, writes);
    writes.add(write);
    const done = () => {
      writes.delete(write);
      if (writes.size === 0 && writing.get(runId) === writes) writing.delete(runId);
    };
    write.then(done, done);
    return write;
  };

  const writeToStream = world.writeToStream.bind(world);
  world.writeToStream = (name, runId, chunk) => track(runId, writeToStream(name, runId, chunk));
  const writeToStreamMulti = world.writeToStreamMulti?.bind(world);
  if (writeToStreamMulti) {
    world.writeToStreamMulti = (name, runId, chunks) => track(runId, writeToStreamMulti(name, runId, chunks));
  }

  const settle = async (runId: string) => {
    const deadline = Date.now() + MAX_WAIT_MS;
    // Chunks buffered in a stream writer are handed to the world after its flush interval.
    await new Promise((resolve) => setTimeout(resolve, 2 * Math.max(1, world.streamFlushIntervalMs ?? 10) + 1));
    while (writing.has(runId) && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...writing.get(runId)!]),
        new Promise((resolve) => setTimeout(resolve, deadline - Date.now())),
      ]);
    }
  };

  const create = world.events.create.bind(world.events);
  world.events.create = (async (runId: string, data: { eventType: string }, params?: unknown) => {
    if (runId && STEP_END_EVENTS.has(data.eventType)) await settle(runId);
    return create(runId, data as Parameters<typeof create>[1], params as Parameters<typeof create>[2]);
  }) as typeof world.events.create;
}
