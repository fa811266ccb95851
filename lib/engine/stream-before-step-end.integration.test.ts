import { randomUUID } from 'node:crypto';
import type { UIMessageChunk } from 'ai';
import { getWorld } from 'workflow/runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ensureUser } from '@/db/queries/users';
import { readWrittenChunks } from '@/lib/chat/run-stream';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import type { World } from './signed-deliveries';
import { flushStreamsBeforeStepEnds } from './stream-before-step-end';

// A kill right after a model step is recorded complete must not cut its answer short: by the
// time the world writes `step_completed`, every chunk the step streamed is in the stream.

let database: DatabaseHandle;
const userId = randomUUID();
const streamAtStepEnd: UIMessageChunk[][] = [];

beforeAll(async () => {
  database = await setUpTestDatabase('pglite');
  await ensureUser(userId);
  const world = getWorld() as World;
  // What a kill at that moment would leave: the stream as the world holds it when the
  // model step's end is written (observed beneath the wrapper, at the world itself).
  const create = world.events.create.bind(world.events);
  world.events.create = (async (runId: string, data: { eventType: string; eventData?: { stepName?: string } }, params?: unknown) => {
    if (data.eventType === 'step_completed' && data.eventData?.stepName?.endsWith('doStreamStep')) {
      streamAtStepEnd.push(await readWrittenChunks(runId));
    }
    return create(runId, data as Parameters<typeof create>[1], params as Parameters<typeof create>[2]);
  }) as typeof world.events.create;
  flushStreamsBeforeStepEnds(world);
});
afterAll(() => database.close());

it('records a model step complete only once every chunk it streamed is stored', async () => {
  const { chunks, output } = await sendAndWait(userId, 'Where is order 1007?');
  expect(output.status).toBe('completed');
  const modelSteps = chunks.filter((c) => c.type === 'start-step').length;
  expect(modelSteps).toBe(2); // the tool call, then the answer
  expect(streamAtStepEnd).toHaveLength(2);
  for (const stored of streamAtStepEnd) {
    expect(stored.at(-1)?.type).toBe('finish-step');
    expect(stored.filter((c) => c.type === 'finish-step')).toHaveLength(stored.filter((c) => c.type === 'start-step').length);
  }
  // The answer's step had written all of its text by then.
  const answerText = chunks.filter((c) => c.type === 'text-delta').map((c) => (c as { delta: string }).delta).join('');
  const storedText = streamAtStepEnd[1]!.filter((c) => c.type === 'text-delta').map((c) => (c as { delta: string }).delta).join('');
  expect(storedText).toBe(answerText);
});
