import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from 'workflow/runtime';
import type { DatabaseHandle } from '@/db/client';
import { listRefunds } from '@/db/queries/store';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { orderWithStatus, startTurn, stepAttempts, waitForApproval } from '@/testing/approvals';
import { setUpTestDatabase } from '@/testing/db';

// Event logs no run can write through the world's API, written into the local world's files
// (vitest.config.ts runs *.local-world.test.ts on the local world only).
const WORKFLOW_DATA_DIR = '.test-data/workflow-vitest';

let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
});
afterAll(() => database.close());

const ask = (text: string) => startTurn(userId, text);

describe('an approval wake-up', () => {
  it('that is recorded after the tool has acted leaves the turn to finish', async () => {
    // The world checks that a hook exists, then writes its wake-up: a redelivery racing the run
    // past its approval can land in the log after the run let go of the hook. Here that log is
    // made directly, by copying the first wake-up once the tool's result is being written.
    const order = await orderWithStatus('delivered');
    const before = (await listRefunds(order.number)).length;
    const turn = await ask(`Refund $1 of order ${order.number}`);
    const approval = await waitForApproval(userId, turn.runId);
    await decide({ userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    await until(async () => (await stepAttempts(turn.runId, 'writeToolOutputToUI')).length > 0);
    expect((await getWorld().runs.get(turn.runId)).status).toBe('running');
    await recordAgain(turn.runId, 'hook_received');
    const { output } = await turn.finished();
    expect(output).toMatchObject({ status: 'done', result: { amountCents: 100 } });
    expect(await listRefunds(order.number)).toHaveLength(before + 1);
  });
});

async function until(condition: () => Promise<boolean>, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes a copy of the run's first event of this type into the local world's log, as its newest event. */
async function recordAgain(runId: string, eventType: string) {
  const folder = path.join(WORKFLOW_DATA_DIR, 'events');
  const files = (await readdir(folder)).filter((file) => file.startsWith(`${runId}-`)).sort();
  for (const file of files) {
    const event = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as { eventType: string; eventId: string; createdAt: string };
    if (event.eventType !== eventType) continue;
    const eventId = `evnt_${ulidOfNow()}`;
    await writeFile(path.join(folder, file.replace(event.eventId, eventId)), JSON.stringify({ ...event, eventId, createdAt: new Date().toISOString() }));
    return;
  }
  throw new Error(`run ${runId} has no ${eventType} event in ${folder}`);
}

/** A ULID for this millisecond: later than every id the world has given out so far. */
function ulidOfNow(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  for (let t = Date.now(), i = 0; i < 10; i++, t = Math.floor(t / 32)) time = alphabet[t % 32] + time;
  let random = '';
  for (let i = 0; i < 16; i++) random += alphabet[Math.floor(Math.random() * 32)];
  return time + random;
}
