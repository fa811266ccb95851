import { randomUUID } from 'node:crypto';
import { getRun } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { sendAndWait, textOf } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params, readSse, readSseChunks } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { POST } from '../../route';
import { GET } from './route';

let database: DatabaseHandle;
let owner: Awaited<ReturnType<typeof guestCookie>>;
let stranger: Awaited<ReturnType<typeof guestCookie>>;
let finished: { runId: string; chunks: Awaited<ReturnType<typeof readSse>> };

beforeAll(async () => {
  database = await setUpTestDatabase();
  owner = await guestCookie();
  stranger = await guestCookie();
  // A finished turn of the owner's to reconnect to.
  const response = await POST(
    jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: randomUUID(), message: { id: 'm-finished', role: 'user', parts: [{ type: 'text', text: 'Where is order 1010?' }] } } }),
  );
  const runId = response.headers.get('x-workflow-run-id')!;
  finished = { runId, chunks: await readSse(response) };
  await getRun(runId).returnValue;
});
afterAll(() => database.close());

const reconnect = (id: string, cookie: string | undefined, query = '') =>
  GET(jsonRequest(`/api/chat/${id}/stream${query}`, { cookie }), params({ id }));

describe('GET /api/chat/{id}/stream', () => {
  it("replays a finished run's whole stream by run id, ending with finish", async () => {
    const response = await reconnect(finished.runId, owner.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-workflow-run-id')).toBe(finished.runId);
    expect(response.headers.get('x-workflow-stream-tail-index')).toBe(String(finished.chunks.length - 1));
    expect(await readSse(response)).toEqual(finished.chunks);
  });

  it('streams from chunk N, so a client resumes exactly where it stopped', async () => {
    const response = await reconnect(finished.runId, owner.cookie, '?startIndex=3');
    expect(await readSse(response)).toEqual(finished.chunks.slice(3));
  });

  it('reads only the tail for a negative startIndex, from a part boundary, with a tail header to match', async () => {
    const response = await reconnect(finished.runId, owner.cookie, '?startIndex=-4');
    const tail = await readSse(response);
    // The transport takes tail + 1 + startIndex as the first chunk's index.
    const first = Number(response.headers.get('x-workflow-stream-tail-index')) + 1 - 4;
    expect(tail).toEqual(finished.chunks.slice(first));
    expect(first).toBeLessThanOrEqual(finished.chunks.length - 4);
    // It never starts inside a text part.
    expect(['text-delta', 'text-end']).not.toContain(tail[0]!.type);
  });

  it('clamps an index past the end of a finished run to a lone finish', async () => {
    const response = await reconnect(finished.runId, owner.cookie, '?startIndex=500');
    expect(response.status).toBe(200);
    expect(await readSse(response)).toEqual([{ type: 'finish' }]);
  });

  it('answers 204 for a chat with no turn running', async () => {
    const { chatId } = await sendAndWait(owner.userId, 'hello');
    const response = await reconnect(chatId, owner.cookie);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it("follows a chat's running turn by chat id, live to its end", async () => {
    process.env.DEMO_MODEL_DELAY_MS = '30';
    try {
      const chatId = randomUUID();
      const post = await POST(
        jsonRequest('/api/chat', { cookie: owner.cookie, body: { id: chatId, message: { id: `m-${randomUUID()}`, role: 'user', parts: [{ type: 'text', text: 'Where is order 1011?' }] } } }),
      );
      const runId = post.headers.get('x-workflow-run-id')!;
      const seen = await readSseChunks(post, 3); // the browser drops the POST mid-answer
      const response = await reconnect(chatId, owner.cookie, `?startIndex=${seen.length}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-workflow-run-id')).toBe(runId);
      const rest = await readSse(response);
      const whole = [...seen, ...rest];
      expect(whole.at(-1)).toMatchObject({ type: 'finish' });
      expect(whole).toEqual(await readSse(await reconnect(runId, owner.cookie)));
      expect(textOf(whole)).toMatch(/Order \*\*#1011\*\*/);
    } finally {
      process.env.DEMO_MODEL_DELAY_MS = '0';
    }
  });

  it('answers 400 for a startIndex that is not an integer', async () => {
    for (const query of ['?startIndex=abc', '?startIndex=1.5', '?startIndex=1e3']) {
      const response = await reconnect(finished.runId, owner.cookie, query);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'bad_request' });
    }
  });

  it('answers 401 without a session', async () => {
    expect((await reconnect(finished.runId, undefined)).status).toBe(401);
  });

  it("answers 404 for unknown ids and for another user's chat or run", async () => {
    const { chatId } = await sendAndWait(owner.userId, 'hello again');
    for (const [id, cookie] of [
      [randomUUID(), owner.cookie],
      ['wrun_01NOTAREALRUNID0000000000', owner.cookie],
      [chatId, stranger.cookie],
      [finished.runId, stranger.cookie],
    ] as const) {
      const response = await reconnect(id, cookie);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
    }
  });
});
