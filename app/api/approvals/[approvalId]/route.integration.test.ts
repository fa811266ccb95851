import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ensureUser } from '@/db/queries/users';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { readAll, userMessage } from '@/testing/chat';
import { orderWithStatus, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params } from '@/testing/http';
import { guestCookie } from '@/testing/session';
import { GET as listApprovals } from '../route';
import { GET, POST } from './route';

let database: DatabaseHandle;
let owner: Awaited<ReturnType<typeof guestCookie>>;
let stranger: Awaited<ReturnType<typeof guestCookie>>;

beforeAll(async () => {
  database = await setUpTestDatabase();
  owner = await guestCookie();
  stranger = await guestCookie();
  await ensureUser(owner.userId);
});
afterAll(() => database.close());
afterEach(() => {
  delete process.env.APPROVAL_TIMEOUT;
});

/** A turn that waits for the owner's approval of a refund. */
async function pendingRefund() {
  const order = await orderWithStatus('delivered');
  const text = `Refund $1 of order ${order.number}`;
  const { runId, stream } = await startChatTurn(owner.userId, { id: randomUUID(), message: userMessage(text) });
  void readAll(stream);
  return { runId, approval: await waitForApproval(owner.userId, runId) };
}

const post = (id: string, cookie: string | undefined, body: unknown, raw?: string) =>
  POST(jsonRequest(`/api/approvals/${id}`, { cookie, method: 'POST', ...(raw ? { rawBody: raw } : { body }) }), params({ approvalId: id }));

describe('POST /api/approvals/{approvalId}', () => {
  it('records the first decision with who and when, and 409s every later one with that decision', async () => {
    const { runId, approval } = await pendingRefund();
    const first = await post(approval.approvalId, owner.cookie, { decision: 'reject', reason: 'Not this week' });
    expect(first.status).toBe(200);
    const { approval: decided } = (await first.json()) as { approval: Record<string, unknown> };
    expect(decided).toMatchObject({ status: 'rejected', reason: 'Not this week', decidedBy: { id: owner.userId } });
    expect(Date.parse(decided.decidedAt as string)).toBeGreaterThan(Date.now() - 10_000);

    const second = await post(approval.approvalId, owner.cookie, { decision: 'approve' });
    expect(second.status).toBe(409);
    expect(await errorOf(second)).toMatchObject({ code: 'conflict', approval: { status: 'rejected', reason: 'Not this week' } });
    await waitForRunEnd(runId);
  });

  it('answers 410 once the approval has expired', async () => {
    process.env.APPROVAL_TIMEOUT = '1s';
    const { runId, approval } = await pendingRefund();
    await waitForRunEnd(runId);
    const response = await post(approval.approvalId, owner.cookie, { decision: 'approve' });
    expect(response.status).toBe(410);
    expect(await errorOf(response)).toMatchObject({ code: 'gone', approval: { status: 'expired' } });
  });

  it.each([
    ['malformed JSON', undefined, '{"decision":'],
    ['an unknown decision', { decision: 'maybe' }, undefined],
    ['no decision', { reason: 'why not' }, undefined],
    ['a reason over 500 characters', { decision: 'reject', reason: 'x'.repeat(501) }, undefined],
  ])('answers 400 for %s', async (_case, body, raw) => {
    const response = await post(randomUUID(), owner.cookie, body, raw);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'bad_request' });
  });

  it("answers 404 for a made-up id and for someone else's approval, which stays pending", async () => {
    const { runId, approval } = await pendingRefund();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await post(id, owner.cookie, { decision: 'approve' })).status).toBe(404);
    }
    const foreign = await post(approval.approvalId, stranger.cookie, { decision: 'approve' });
    expect(foreign.status).toBe(404);
    expect(await errorOf(foreign)).toMatchObject({ code: 'not_found' });
    const seen = await GET(jsonRequest(`/api/approvals/${approval.approvalId}`, { cookie: stranger.cookie }), params({ approvalId: approval.approvalId }));
    expect(seen.status).toBe(404);
    const mine = await GET(jsonRequest(`/api/approvals/${approval.approvalId}`, { cookie: owner.cookie }), params({ approvalId: approval.approvalId }));
    expect(((await mine.json()) as { approval: { status: string } }).approval.status).toBe('pending');
    await post(approval.approvalId, owner.cookie, { decision: 'reject' });
    await waitForRunEnd(runId);
  });

  it('answers 401 without a session', async () => {
    expect((await post(randomUUID(), undefined, { decision: 'approve' })).status).toBe(401);
    const approvalId = randomUUID();
    expect((await GET(jsonRequest(`/api/approvals/${approvalId}`), params({ approvalId }))).status).toBe(401);
  });
});

describe('GET /api/approvals', () => {
  it("lists only the caller's approvals, and filters by status", async () => {
    const { runId, approval } = await pendingRefund();
    const pending = await listApprovals(jsonRequest('/api/approvals?status=pending', { cookie: owner.cookie }));
    const body = (await pending.json()) as { approvals: { approvalId: string; status: string; chatTitle: string }[] };
    expect(body.approvals.map((a) => a.approvalId)).toContain(approval.approvalId);
    expect(body.approvals.every((a) => a.status === 'pending')).toBe(true);
    expect(body.approvals[0]!.chatTitle).toMatch(/^Refund \$1 of order \d+$/);

    const theirs = await listApprovals(jsonRequest('/api/approvals', { cookie: stranger.cookie }));
    expect(((await theirs.json()) as { approvals: unknown[] }).approvals).toEqual([]);
    expect((await listApprovals(jsonRequest('/api/approvals?status=nope', { cookie: owner.cookie }))).status).toBe(400);
    expect((await listApprovals(jsonRequest('/api/approvals'))).status).toBe(401);
    await post(approval.approvalId, owner.cookie, { decision: 'reject' });
    await waitForRunEnd(runId);
  });
});
