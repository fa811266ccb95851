import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { getOrder, listRefunds } from '@/db/queries/store';
import { startChatTurn } from '@/lib/chat/start-chat-turn';
import { orderWithStatus, waitForApproval, waitForRunEnd } from '@/testing/approvals';
import { readAll, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { errorOf, jsonRequest, params } from '@/testing/http';
import { guestCookie, signedInAs, type SignedIn } from '@/testing/session';
import { GET as approvalsList } from './approvals/route';
import { GET as approvalGet, POST as approvalDecide } from './approvals/[approvalId]/route';
import { GET as auditList } from './audit/route';
import { GET as auditExport } from './audit/export/route';
import { GET as chatsList } from './chats/route';
import { GET as chatGet } from './chats/[chatId]/route';
import { GET as runsList } from './runs/route';
import { GET as runGet } from './runs/[runId]/route';
import { GET as runEvents } from './runs/[runId]/events/route';
import { POST as runRerun } from './runs/[runId]/rerun/route';
import { GET as peopleList } from './users/route';
import { PATCH as personUpdate } from './users/[userId]/route';

// Every role against every route that touches someone else's work: 404 where existence must
// not leak (another agent's chat, run or request), 403 where the caller may see the thing but
// their role may not do this to it.

let database: DatabaseHandle;
let guest: SignedIn;
let agent: SignedIn;
let otherAgent: SignedIn;
let approver: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  database = await setUpTestDatabase();
  [guest, agent, otherAgent, approver, admin] = await Promise.all([
    guestCookie(),
    signedInAs('agent', 'Ada Agent'),
    signedInAs('agent', 'Otto Other'),
    signedInAs('approver', 'Sam Supervisor'),
    signedInAs('admin', 'Alex Admin'),
  ]);
});
afterAll(() => database.close());

const get = (handler: (request: Request, context: never) => Promise<Response>, url: string, who?: SignedIn, context?: unknown) =>
  handler(jsonRequest(url, { cookie: who?.cookie }), context as never);

async function ask(who: SignedIn, text: string) {
  const chatId = randomUUID();
  const { runId, stream } = await startChatTurn(who.userId, { id: chatId, message: userMessage(text) });
  void readAll(stream);
  return { chatId, runId, approval: await waitForApproval(who.userId, runId) };
}

const decide = (approvalId: string, who: SignedIn, decision: 'approve' | 'reject' = 'approve') =>
  approvalDecide(jsonRequest(`/api/approvals/${approvalId}`, { cookie: who.cookie, body: { decision } }), params({ approvalId }));

describe('separation of duties', () => {
  it("lets a requester approve a refund within their limit, and only an approver one above it", async () => {
    const order = await orderWithStatus('delivered');
    const small = await ask(agent, `Refund $5 of order ${order.number}`);
    expect(small.approval).toMatchObject({ approversOnly: false, requestedBy: { id: agent.userId, name: 'Ada Agent' } });
    expect((await decide(small.approval.approvalId, agent)).status).toBe(200);
    await waitForRunEnd(small.runId);

    const large = await ask(agent, `Refund $40 of order ${order.number}`);
    expect(large.approval).toMatchObject({ approversOnly: true, deciders: expect.arrayContaining(['Sam Supervisor', 'Alex Admin']) });
    const own = await decide(large.approval.approvalId, agent);
    expect(own.status).toBe(403);
    expect((await errorOf(own)).message).toMatch(/another person, an approver, must decide/);
    // Another agent cannot even see it.
    expect((await decide(large.approval.approvalId, otherAgent)).status).toBe(404);
    expect((await get(approvalGet, `/api/approvals/${large.approval.approvalId}`, otherAgent, params({ approvalId: large.approval.approvalId }))).status).toBe(404);
    // The approver sees it in their inbox, with who asked and where, and decides it.
    const inbox = await (await get(approvalsList, '/api/approvals?status=pending', approver)).json();
    expect(inbox.approvals.find((a: { approvalId: string }) => a.approvalId === large.approval.approvalId)).toMatchObject({
      requestedBy: { name: 'Ada Agent' },
      chatTitle: expect.any(String),
    });
    const decided = await decide(large.approval.approvalId, approver);
    expect(decided.status).toBe(200);
    expect((await decided.json()).approval).toMatchObject({ status: 'approved', decidedBy: { id: approver.userId, name: 'Sam Supervisor' } });
    await waitForRunEnd(large.runId);
    expect((await listRefunds(order.number)).filter((r) => r.approvalId === large.approval.approvalId)).toHaveLength(1);
  });

  it('never lets an approver approve their own request above their limit', async () => {
    const order = await orderWithStatus('paid');
    const cancel = await ask(approver, `Cancel order ${order.number}`);
    expect(cancel.approval.approversOnly).toBe(true);
    expect((await decide(cancel.approval.approvalId, approver)).status).toBe(403);
    expect((await decide(cancel.approval.approvalId, admin)).status).toBe(200);
    await waitForRunEnd(cancel.runId);
    expect((await getOrder(order.number))!.status).toBe('cancelled');
  });

  it('gives guests the tighter limit', async () => {
    const order = await orderWithStatus('delivered');
    const turn = await ask(guest, `Refund $15 of order ${order.number}`); // within an agent's $25, above a guest's $10
    expect(turn.approval.approversOnly).toBe(true);
    expect((await decide(turn.approval.approvalId, guest)).status).toBe(403);
    expect((await decide(turn.approval.approvalId, approver, 'reject')).status).toBe(200);
    await waitForRunEnd(turn.runId);
  });
});

describe('who sees what', () => {
  it("keeps chats to their owner, and runs to their owner and admins", async () => {
    const order = await orderWithStatus('delivered');
    const mine = await ask(agent, `Refund $2 of order ${order.number}`);
    await decide(mine.approval.approvalId, agent, 'reject');
    await waitForRunEnd(mine.runId);
    const chat = params({ chatId: mine.chatId });
    const run = params({ runId: mine.runId });

    expect((await get(chatGet, `/api/chats/${mine.chatId}`, agent, chat)).status).toBe(200);
    for (const other of [otherAgent, approver, admin, guest]) {
      expect((await get(chatGet, `/api/chats/${mine.chatId}`, other, chat)).status).toBe(404);
      const { chats } = await (await get(chatsList, '/api/chats', other)).json();
      expect(chats.map((c: { id: string }) => c.id)).not.toContain(mine.chatId);
    }

    for (const [who, status] of [[agent, 200], [admin, 200], [otherAgent, 404], [approver, 404], [guest, 404]] as const) {
      expect((await get(runGet, `/api/runs/${mine.runId}`, who, run)).status, who.name).toBe(status);
      expect((await get(runEvents, `/api/runs/${mine.runId}/events`, who, run)).status, who.name).toBe(status);
    }
    // An admin may look, not act in someone else's chat.
    const rerun = await runRerun(jsonRequest(`/api/runs/${mine.runId}/rerun`, { cookie: admin.cookie, method: 'POST' }), run);
    expect(rerun.status).toBe(403);

    // The run list: an admin's has everyone's, narrowed by person; nobody else may ask for another's.
    const everyone = await (await get(runsList, '/api/runs?limit=100', admin)).json();
    expect(everyone.runs.find((r: { runId: string }) => r.runId === mine.runId)).toMatchObject({ owner: { id: agent.userId, name: 'Ada Agent' } });
    const narrowed = await (await get(runsList, `/api/runs?userId=${otherAgent.userId}`, admin)).json();
    expect(narrowed.runs.every((r: { owner: { id: string } }) => r.owner.id === otherAgent.userId)).toBe(true);
    expect((await get(runsList, `/api/runs?userId=${agent.userId}`, otherAgent)).status).toBe(403);
    const own = await (await get(runsList, '/api/runs', otherAgent)).json();
    expect(own.runs.map((r: { runId: string }) => r.runId)).not.toContain(mine.runId);
  });
});

describe('admin and audit routes', () => {
  it('lets only admins list people and change roles, never their own', async () => {
    for (const who of [guest, agent, approver]) expect((await get(peopleList, '/api/users', who)).status).toBe(403);
    const { people } = await (await get(peopleList, '/api/users', admin)).json();
    expect(people.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Ada Agent', 'Sam Supervisor']));
    expect(people.some((p: { email: string | null }) => p.email?.includes('anonymous'))).toBe(false);

    const patch = (userId: string, who: SignedIn, role: string) =>
      personUpdate(jsonRequest(`/api/users/${userId}`, { cookie: who.cookie, method: 'PATCH', body: { role } }), params({ userId }));
    expect((await patch(otherAgent.userId, approver, 'approver')).status).toBe(403);
    expect((await patch(admin.userId, admin, 'agent')).status).toBe(403);
    expect((await patch(guest.userId, admin, 'approver')).status).toBe(409);
    expect((await patch(randomUUID(), admin, 'approver')).status).toBe(404);
    expect((await patch(otherAgent.userId, admin, 'boss')).status).toBe(400);
    const promoted = await patch(otherAgent.userId, admin, 'approver');
    expect(promoted.status).toBe(200);
    expect((await promoted.json()).person).toMatchObject({ role: 'approver' });
    // The new approver may now see the audit record.
    expect((await get(auditList, '/api/audit', otherAgent)).status).toBe(200);
  });

  it('shows the audit record to approvers and admins, as JSON and CSV, with who asked and who decided', async () => {
    for (const who of [guest, agent]) {
      expect((await get(auditList, '/api/audit', who)).status).toBe(403);
      expect((await get(auditExport, '/api/audit/export', who)).status).toBe(403);
    }
    expect((await get(auditList, '/api/audit')).status).toBe(401);
    const { events } = await (await get(auditList, '/api/audit?limit=200', approver)).json();
    const actions = events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['approval.requested', 'approval.approved', 'approval.rejected', 'refund.issued', 'order.cancelled']));
    const approved = events.find((e: { action: string; actorName: string }) => e.action === 'approval.approved' && e.actorName === 'Sam Supervisor');
    expect(approved).toMatchObject({ sessionId: expect.any(String), approvalId: expect.any(String) });
    const refund = events.find((e: { action: string; approvalId: string }) => e.action === 'refund.issued' && e.approvalId === approved.approvalId);
    expect(refund.details).toMatchObject({ refundId: expect.stringMatching(/^re_/), amountCents: 4000 });

    const csv = await get(auditExport, '/api/audit/export', admin);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,action,actor,session,approval,run,chat,summary,reason,details');
    expect(lines.some((line) => line.includes('approval.approved') && line.includes('Sam Supervisor'))).toBe(true);
  });
});
