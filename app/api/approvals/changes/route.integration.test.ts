import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ensureUser } from '@/db/queries/users';
import { decide } from '@/lib/approvals/decide';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { orderWithStatus, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { readAll, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { guestCookie, signedInAs, type SignedIn } from '@/testing/session';
import { GET } from './route';

let database: DatabaseHandle;
let requester: SignedIn;
let approver: SignedIn;

beforeAll(async () => {
  database = await setUpTestDatabase();
  requester = await guestCookie();
  approver = await signedInAs('approver');
  await ensureUser(requester.userId);
});
afterAll(() => database.close());

/** Opens the change stream as this person; `next()` resolves at the next `change` event, with when it came. */
async function follow(person: SignedIn) {
  const abort = new AbortController();
  const response = await GET(new Request('http://localhost/api/approvals/changes', { headers: { cookie: person.cookie }, signal: abort.signal }));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(): Promise<number> {
      for (;;) {
        const at = buffered.indexOf('event: change\n');
        if (at >= 0) {
          buffered = buffered.slice(at + 1);
          return Date.now();
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffered += value;
      }
    },
    close: () => abort.abort(),
  };
}

describe('GET /api/approvals/changes', () => {
  it('tells an approver of a new request and of its decision within about a second', async () => {
    const stream = await follow(approver);
    const order = await orderWithStatus('delivered');
    const { runId, stream: turn } = await startChatTurn(requester.userId, { id: randomUUID(), message: userMessage(`Refund $2 of order ${order.number}`) });
    void readAll(turn);
    const requested = stream.next();
    const approval = await waitForApproval(requester.userId, runId);
    expect((await requested) - Date.parse(approval.requestedAt)).toBeLessThan(1500);

    const decided = stream.next();
    const decidedAt = Date.now();
    await decide({ userId: requester.userId, role: 'agent' }, approval.approvalId, { decision: 'approve' });
    expect((await decided) - decidedAt).toBeLessThan(1500);
    stream.close();
    await waitForRunEnd(runId);
  });

  it('answers 401 without a session', async () => {
    const response = await GET(new Request('http://localhost/api/approvals/changes'));
    expect(response.status).toBe(401);
  });
});
