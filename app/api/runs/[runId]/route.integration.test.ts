import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { waitForRunEnd } from '@/testing/approvals';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { startFakeOpenAIServer } from '@/testing/fake-openai-server';
import { errorOf, jsonRequest, params } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { POST as stop } from '../../chat/[id]/stop/route';
import { GET as list } from '../route';
import { GET as events } from './events/route';
import { POST as rerun } from './rerun/route';
import { GET as detail } from './route';

let database: DatabaseHandle;
let owner: Awaited<ReturnType<typeof guestCookie>>;
let stranger: Awaited<ReturnType<typeof guestCookie>>;
let finished: { runId: string; chatId: string };

beforeAll(async () => {
  database = await setUpTestDatabase();
  owner = await guestCookie();
  stranger = await guestCookie();
  finished = await sendAndWait(owner.userId, 'Where is order 1007?');
});
afterAll(() => database.close());

const runRequest = (path: string, cookie?: string, method = 'GET') => jsonRequest(path, { cookie, method });

describe('run routes', () => {
  it('show the owner a run, its event log and the list', async () => {
    const { runId } = finished;
    const response = await detail(runRequest(`/api/runs/${runId}`, owner.cookie), params({ runId }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { run: { runId: string; status: string }; timeline: { items: unknown[] } };
    expect(body.run).toMatchObject({ runId, status: 'completed' });
    expect(body.timeline.items.length).toBeGreaterThan(4);

    const log = await events(runRequest(`/api/runs/${runId}/events`, owner.cookie), params({ runId }));
    const logBody = (await log.json()) as { events: { type: string }[] };
    expect(logBody.events[0]!.type).toBe('run_created');
    expect(logBody.events.at(-1)!.type).toBe('run_completed');

    const listed = await list(runRequest('/api/runs?status=completed', owner.cookie));
    expect(((await listed.json()) as { runs: { runId: string }[] }).runs.map((r) => r.runId)).toEqual([runId]);
  });

  it("answer 404 to another user for a run, its events, its re-run and its chat's stop", async () => {
    const { runId, chatId } = finished;
    for (const response of [
      await detail(runRequest(`/api/runs/${runId}`, stranger.cookie), params({ runId })),
      await events(runRequest(`/api/runs/${runId}/events`, stranger.cookie), params({ runId })),
      await rerun(runRequest(`/api/runs/${runId}/rerun`, stranger.cookie, 'POST'), params({ runId })),
      await stop(runRequest(`/api/chat/${chatId}/stop`, stranger.cookie, 'POST'), params({ id: chatId })),
      await detail(runRequest('/api/runs/wrun_made_up', owner.cookie), params({ runId: 'wrun_made_up' })),
    ]) {
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
    }
    const theirs = await list(runRequest('/api/runs', stranger.cookie));
    expect(((await theirs.json()) as { runs: unknown[] }).runs).toEqual([]);
  });

  it('answer 409 to a re-run of a run that did not fail', async () => {
    const { runId } = finished;
    const response = await rerun(runRequest(`/api/runs/${runId}/rerun`, owner.cookie, 'POST'), params({ runId }));
    expect(response.status).toBe(409);
  });

  it('page through the list with the cursor they give out, and refuse a made-up one', async () => {
    await sendAndWait(owner.userId, 'Where is order 1003?');
    const first = (await (await list(runRequest('/api/runs?limit=1', owner.cookie))).json()) as { runs: { runId: string }[]; nextCursor: string };
    expect(first.runs).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (await list(runRequest(`/api/runs?limit=1&cursor=${first.nextCursor}`, owner.cookie))).json()) as { runs: { runId: string }[] };
    expect(second.runs).toHaveLength(1);
    expect(second.runs[0]!.runId).not.toBe(first.runs[0]!.runId);

    // A far-future date Postgres cannot take, and garbage: 400, not 500 or page one.
    for (const cursor of [Buffer.from('+010000-01-01T00:00:00.000Z|x').toString('base64url'), 'garbage']) {
      const response = await list(runRequest(`/api/runs?cursor=${cursor}`, owner.cookie));
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'bad_request' });
    }
    const { runId } = finished;
    expect((await events(runRequest(`/api/runs/${runId}/events?cursor=${'x'.repeat(300)}`, owner.cookie), params({ runId }))).status).toBe(400);
  });

  it('answer 400 to a bad filter and 401 without a session', async () => {
    expect((await list(runRequest('/api/runs?status=sleeping', owner.cookie))).status).toBe(400);
    expect((await list(runRequest(`/api/runs?chatId=${'x'.repeat(10)}`, owner.cookie))).status).toBe(400);
    expect((await list(runRequest('/api/runs'))).status).toBe(401);
    const runId = randomUUID();
    expect((await detail(runRequest(`/api/runs/${runId}`), params({ runId }))).status).toBe(401);
    expect((await events(runRequest(`/api/runs/${runId}/events`), params({ runId }))).status).toBe(401);
  });

  it('re-run a failed run: 202 with a new run in the same chat, linked to the old; only the newest message', async () => {
    const server = await startFakeOpenAIServer(); // it refuses "This will fail"
    process.env.OPENAI_COMPATIBLE_BASE_URL = server.baseURL;
    process.env.OPENAI_COMPATIBLE_MODEL = 'fake-model';
    try {
      const failed = await sendAndWait(owner.userId, 'This will fail', { model: 'openai-compatible:fake-model' });
      const rerunOf = (runId: string, cookie?: string) => rerun(runRequest(`/api/runs/${runId}/rerun`, cookie, 'POST'), params({ runId }));
      expect((await rerunOf(failed.runId)).status).toBe(401);

      const response = await rerunOf(failed.runId, owner.cookie);
      expect(response.status).toBe(202);
      const again = (await response.json()) as { runId: string; chatId: string };
      expect(again.chatId).toBe(failed.chatId);
      expect(again.runId).not.toBe(failed.runId);
      expect(await waitForRunEnd(again.runId)).toBe('failed');
      const shown = (await (await detail(runRequest(`/api/runs/${again.runId}`, owner.cookie), params({ runId: again.runId }))).json()) as {
        run: { rerunOf: string; userMessage: string };
      };
      expect(shown.run).toMatchObject({ rerunOf: failed.runId, userMessage: 'This will fail' });

      await sendAndWait(owner.userId, 'hello again', { chatId: failed.chatId });
      const late = await rerunOf(again.runId, owner.cookie);
      expect(late.status).toBe(409);
      expect((await errorOf(late)).message).toMatch(/newest message/);
    } finally {
      process.env.OPENAI_COMPATIBLE_BASE_URL = '';
      await server.close();
    }
  });
});
