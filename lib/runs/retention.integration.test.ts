import path from 'node:path';
import { getWorld } from 'workflow/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getRunArchive } from '@/db/queries/archives';
import { GET as eventsRoute } from '@/app/api/runs/[runId]/events/route';
import { openRunStream } from '@/lib/chat/run-stream';
import { readAll, sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { jsonRequest, params } from '@/testing/http';
import { guestCookie, type SignedIn } from '@/testing/session';
import { getRunDetail } from './detail';
import { sweepFinishedRuns } from './retention';

let database: DatabaseHandle;
let person: SignedIn;
let userId: string;
const onLocalWorld = (process.env.WORKFLOW_TARGET_WORLD || 'local') === 'local';
// The local world of these tests keeps its files here (vitest.config.ts).
const localDataDir = onLocalWorld ? path.resolve('.test-data/workflow-vitest') : undefined;

beforeAll(async () => {
  database = await setUpTestDatabase();
  person = await guestCookie();
  userId = person.userId;
});
afterAll(() => database.close());

describe('retention of finished runs', () => {
  it('archives a finished run, frees the local world of it, and the run page and replay still work', async () => {
    const { runId, chunks } = await sendAndWait(userId, 'Where is order 1007?');
    const before = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    const recent = await sweepFinishedRuns({ finishedMoreThanMs: 60_000, limit: 10, localDataDir });
    expect(recent.archived).toBe(0); // just ended: readers may still follow it

    const swept = await sweepFinishedRuns({ finishedMoreThanMs: 0, limit: 10, localDataDir });
    expect(swept.archived).toBe(1);
    expect(await getRunArchive(runId)).toMatchObject({ runId, worldStatus: 'completed' });
    if (onLocalWorld) {
      expect(swept.filesRemoved).toBeGreaterThan(10);
      await expect(getWorld().runs.get(runId)).rejects.toThrow();
    }

    const after = (await getRunDetail(runId, { userId, role: 'agent' }))!;
    expect(after.worldStatus).toBe('completed');
    expect(after.timeline.items.map((i) => [i.kind, i.label, i.kind === 'step' ? i.attempts.length : null])).toEqual(
      before.timeline.items.map((i) => [i.kind, i.label, i.kind === 'step' ? i.attempts.length : null]),
    );
    expect(after.modelCalls).toEqual(before.modelCalls);
    const { stream } = await openRunStream(runId, 0);
    expect(await readAll(stream)).toEqual(chunks);
    const { cookie } = person;
    const log = await eventsRoute(jsonRequest(`/api/runs/${runId}/events`, { cookie }), params({ runId }));
    const { events } = (await log.json()) as { events: { type: string }[] };
    expect(events[0]!.type).toBe('run_created');
    expect(events.at(-1)!.type).toBe('run_completed');
    expect((await sweepFinishedRuns({ finishedMoreThanMs: 0, limit: 10, localDataDir })).archived).toBe(0);
  });
});
