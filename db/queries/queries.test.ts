import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver, DatabaseHandle } from '@/db/client';
import { DEMO_ORDER_COUNT, FIRST_ORDER_NUMBER, seedDemoStore } from '@/db/seed';
import { setUpTestDatabase } from '@/testing/db';
import { createChatIfMissing, getChatForUser, listChatsForUser, markChatDeleted, releaseActiveRun, renameChatForUser, replaceChatTitle } from './chats';
import { listChatMessages } from './messages';
import { getRunForUser } from './runs';
import { getCustomer, getOrder, searchOrders } from './store';
import { beginTurn, claimChatForRun, finishTurn, recordRunQueued } from './turns';
import { ensureUser } from './users';

// The same queries against every driver the app can run on: embedded PGlite, a real
// PostgreSQL server (node-postgres), and Neon's serverless driver (through a local proxy).
const drivers: DatabaseDriver[] = ['pglite', 'postgres', 'neon'];

const text = (t: string, id = `m_${randomUUID()}`) => ({ id, parts: [{ type: 'text' as const, text: t }] });

describe.each(drivers)('queries on %s', (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await setUpTestDatabase(driver);
  });
  afterAll(() => database.close());

  async function newChat(userId = randomUUID()) {
    await ensureUser(userId);
    const chatId = randomUUID();
    expect(await createChatIfMissing(chatId, userId, 'A chat')).toBe('created');
    return { userId, chatId };
  }

  describe('chats', () => {
    it('belong to their creator only', async () => {
      const { userId, chatId } = await newChat();
      const stranger = randomUUID();
      await ensureUser(stranger);
      expect(await createChatIfMissing(chatId, userId, 'again')).toBe('exists');
      expect(await createChatIfMissing(chatId, stranger, 'mine?')).toBe('foreign');
      expect(await getChatForUser(chatId, stranger)).toBeNull();
      expect(await markChatDeleted(chatId, stranger)).toBeNull();
      expect((await getChatForUser(chatId, userId))?.title).toBe('A chat');
    });

    it('list newest first; a deleted one leaves the list but keeps its messages for review', async () => {
      const userId = randomUUID();
      const a = await newChat(userId);
      const b = await newChat(userId);
      await beginTurn({ ...b, reservation: 'pending:1', message: text('hi') });
      const listed = await listChatsForUser(userId);
      expect(listed.map((c) => c.id)).toEqual([b.chatId, a.chatId]);
      expect(listed[0]!.running).toBe(true);
      expect(await markChatDeleted(b.chatId, userId)).toMatchObject({ activeRunId: 'pending:1' });
      expect(await markChatDeleted(b.chatId, userId)).toBeNull();
      expect(await getChatForUser(b.chatId, userId)).toBeNull();
      expect(await createChatIfMissing(b.chatId, userId, 'again')).toBe('foreign');
      expect(await listChatMessages(b.chatId)).toHaveLength(1);
      expect((await listChatsForUser(userId)).map((c) => c.id)).toEqual([a.chatId]);
    });

    it('rename for their owner only, without moving up the list', async () => {
      const { userId, chatId } = await newChat();
      const before = await getChatForUser(chatId, userId);
      expect(await renameChatForUser(chatId, randomUUID(), 'Mine now')).toBeNull();
      expect(await renameChatForUser(chatId, userId, 'Refund for Grace')).toMatchObject({ title: 'Refund for Grace', updatedAt: before!.updatedAt });
      expect(await replaceChatTitle(chatId, 'A chat', 'A model title')).toBe(false); // renamed meanwhile
      expect(await replaceChatTitle(chatId, 'Refund for Grace', 'A model title')).toBe(true);
    });
  });

  describe('turns', () => {
    it('store the user message and hold the chat for one turn at a time', async () => {
      const { userId, chatId } = await newChat();
      const first = await beginTurn({ chatId, userId, reservation: 'pending:a', message: text('one') });
      expect(first).toEqual({ ok: true, retried: false });
      const second = await beginTurn({ chatId, userId, reservation: 'pending:b', message: text('two') });
      expect(second).toEqual({ ok: false, reason: 'busy', activeRunId: 'pending:a' });
      expect((await listChatMessages(chatId)).map((m) => m.parts)).toEqual([[{ type: 'text', text: 'one' }]]);
    });

    it('let only one of two concurrent turns in', async () => {
      const { userId, chatId } = await newChat();
      const results = await Promise.all(
        ['x', 'y', 'z'].map((r) => beginTurn({ chatId, userId, reservation: `pending:${r}`, message: text(r) })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await listChatMessages(chatId)).toHaveLength(1);
    });

    it('record the run, store the answer and free the chat exactly once', async () => {
      const { userId, chatId } = await newChat();
      const message = text('question');
      await beginTurn({ chatId, userId, reservation: 'pending:r', message });
      const run = { runId: `wrun_${randomUUID()}`, chatId, userId, userMessageId: message.id, model: 'demo', reservation: 'pending:r' };
      expect(await claimChatForRun(run)).toEqual({ outcome: 'claimed' });
      await recordRunQueued(run); // the route, arriving late
      expect(await getRunForUser(run.runId, userId)).toMatchObject({ status: 'running' });
      expect((await getChatForUser(chatId, userId))!.activeRunId).toBe(run.runId);

      const answer = { id: `msg_${run.runId}`, role: 'assistant' as const, parts: [{ type: 'text' as const, text: 'answer' }], metadata: { status: 'completed' as const } };
      const finish = { chatId, runId: run.runId, status: 'completed' as const, assistantMessage: answer, usage: { inputTokens: 3, outputTokens: 4 } };
      await finishTurn(finish);
      await finishTurn(finish); // a retried step
      const stored = await listChatMessages(chatId);
      expect(stored.map((m) => [m.role, m.metadata?.runId])).toEqual([
        ['user', run.runId],
        ['assistant', run.runId],
      ]);
      expect(await getRunForUser(run.runId, userId)).toMatchObject({ status: 'completed', inputTokens: 3, outputTokens: 4 });
      expect((await getChatForUser(chatId, userId))!.activeRunId).toBeNull();
      expect(await getRunForUser(run.runId, randomUUID())).toBeNull();
    });

    it("refuse a run whose chat or message is not its user's, and let only one run take a turn", async () => {
      const { userId, chatId } = await newChat();
      const message = text('question');
      await beginTurn({ chatId, userId, reservation: 'pending:t', message });
      const base = { chatId, userId, userMessageId: message.id, model: 'demo', reservation: 'pending:t' };
      const stranger = randomUUID();
      await ensureUser(stranger);

      // A forged run: someone else's user id, or a message from another chat.
      expect(await claimChatForRun({ ...base, runId: 'wrun_forged1', userId: stranger })).toMatchObject({ outcome: 'refused' });
      const other = await newChat(stranger);
      const theirs = text('theirs');
      await beginTurn({ ...other, reservation: 'pending:o', message: theirs });
      expect(await claimChatForRun({ ...base, runId: 'wrun_forged2', userMessageId: theirs.id })).toMatchObject({ outcome: 'refused' });
      expect(await getRunForUser('wrun_forged1', stranger)).toBeNull();

      // Two runs for one turn (a reconciler thought the request had died): the first to claim answers.
      expect(await claimChatForRun({ ...base, runId: 'wrun_first' })).toEqual({ outcome: 'claimed' });
      expect(await claimChatForRun({ ...base, runId: 'wrun_first' })).toEqual({ outcome: 'claimed' }); // a retried step
      expect(await claimChatForRun({ ...base, runId: 'wrun_second' })).toEqual({ outcome: 'superseded' });
      expect(await getRunForUser('wrun_second', userId)).toMatchObject({ status: 'cancelled' });

      // The loser's end writes nothing into the chat and frees nothing.
      const lost = { id: 'msg_wrun_second', role: 'assistant' as const, parts: [{ type: 'text' as const, text: 'twice' }] };
      await finishTurn({ chatId, runId: 'wrun_second', status: 'failed', assistantMessage: lost });
      expect((await listChatMessages(chatId)).map((m) => m.id)).toEqual([message.id]);
      expect((await getChatForUser(chatId, userId))!.activeRunId).toBe('wrun_first');
    });

    it('never run a completed turn again when its message is sent again', async () => {
      const { userId, chatId } = await newChat();
      const message = text('refund it');
      await beginTurn({ chatId, userId, reservation: 'pending:c', message });
      const run = { runId: 'wrun_done', chatId, userId, userMessageId: message.id, model: 'demo', reservation: 'pending:c' };
      await claimChatForRun(run);
      await finishTurn({ chatId, runId: run.runId, status: 'completed', assistantMessage: null });
      expect(await beginTurn({ chatId, userId, reservation: 'pending:again', message })).toEqual({
        ok: false,
        reason: 'already_answered',
        runId: 'wrun_done',
      });
    });

    it('never free a chat that another turn holds', async () => {
      const { userId, chatId } = await newChat();
      await beginTurn({ chatId, userId, reservation: 'pending:mine', message: text('q') });
      expect(await releaseActiveRun(chatId, 'pending:other')).toBe(false);
      expect((await getChatForUser(chatId, userId))!.activeRunId).toBe('pending:mine');
      expect(await releaseActiveRun(chatId, 'pending:mine')).toBe(true);
    });

    it('retry the newest user message by dropping the answers after it, and refuse older ones', async () => {
      const { userId, chatId } = await newChat();
      const first = text('first');
      await beginTurn({ chatId, userId, reservation: 'pending:1', message: first });
      await finishTurn({ chatId, runId: 'none', status: 'failed', assistantMessage: null });
      await releaseActiveRun(chatId, 'pending:1');
      const second = text('second');
      await beginTurn({ chatId, userId, reservation: 'pending:2', message: second });
      await releaseActiveRun(chatId, 'pending:2');

      expect(await beginTurn({ chatId, userId, reservation: 'pending:3', message: first })).toEqual({
        ok: false,
        reason: 'message_conflict',
      });
      expect(await beginTurn({ chatId, userId, reservation: 'pending:4', message: second })).toEqual({ ok: true, retried: true });
      expect((await listChatMessages(chatId)).map((m) => m.id)).toEqual([first.id, second.id]);
    });
  });

  describe('store', () => {
    it('is seeded once, deterministically, from order 1001', async () => {
      expect(await seedDemoStore(database.db)).toEqual({ seeded: false });
      const first = await getOrder(FIRST_ORDER_NUMBER);
      expect(first).toMatchObject({ number: 1001, customer: { name: 'Ada Lovelace' } });
      expect(first!.totalCents).toBe(first!.items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0));
      expect(await getOrder(FIRST_ORDER_NUMBER + DEMO_ORDER_COUNT - 1)).not.toBeNull();
      expect(await getOrder(FIRST_ORDER_NUMBER + DEMO_ORDER_COUNT)).toBeNull();
    });

    it('searches orders by customer name or email and by status', async () => {
      const byName = await searchOrders({ customer: 'ada' });
      expect(byName.length).toBeGreaterThan(0);
      expect(byName.every((o) => o.customer.email === 'ada@example.com')).toBe(true);
      expect(await searchOrders({ customer: 'grace@example.com' })).not.toEqual([]);
      const shipped = await searchOrders({ status: 'shipped', limit: 50 });
      expect(shipped.length).toBeGreaterThan(0);
      expect(shipped.every((o) => o.status === 'shipped')).toBe(true);
      expect(await searchOrders({ customer: '%' })).toEqual([]); // LIKE wildcards are matched literally
      const dates = (await searchOrders({ limit: 50 })).map((o) => o.placedAt);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it('finds a customer by email or name with their order history', async () => {
      const byEmail = await getCustomer({ email: 'GRACE@example.com' });
      expect(byEmail).toMatchObject({ name: 'Grace Hopper', city: 'New York' });
      expect(byEmail!.orderCount).toBeGreaterThan(0);
      expect(await getCustomer({ name: 'turing' })).toMatchObject({ email: 'alan@example.com' });
      expect(await getCustomer({ email: 'nobody@example.com' })).toBeNull();
    });
  });
});
