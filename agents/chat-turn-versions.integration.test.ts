import { randomUUID } from 'node:crypto';
import type { UIMessageChunk } from 'ai';
import { start } from 'workflow/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createChatIfMissing, getChatForUser, RESERVATION_PREFIX } from '@/db/queries/chats';
import { listChatMessages } from '@/db/queries/messages';
import { getRunForUser } from '@/db/queries/runs';
import { beginTurn } from '@/db/queries/turns';
import { ensureUser } from '@/db/queries/users';
import { readAll, sendAndWait, textOf, userMessage } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { chatTurn } from './chat-turn';

// A deploy replays runs that an earlier deploy started, with the input that deploy stored.

let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase('pglite');
  await ensureUser(userId);
});
afterAll(() => database.close());

describe('a turn started before inputs had versions', () => {
  it('completes on this code and stores its answer', async () => {
    // What the chat route did before versions: store the message, reserve the chat, start the
    // run with exactly this input (no `v`).
    const chatId = randomUUID();
    const message = userMessage('Where is order 1007?');
    const reservation = `${RESERVATION_PREFIX}${randomUUID()}`;
    await createChatIfMissing(chatId, userId, 'Where is order 1007?');
    expect(await beginTurn({ chatId, userId, reservation, message })).toMatchObject({ ok: true });
    const run = await start(chatTurn, [{ chatId, userId, userMessageId: message.id, reservation, modelId: 'demo' }]);

    const chunks: UIMessageChunk[] = await readAll(run.getReadable<UIMessageChunk>());
    expect(await run.returnValue).toEqual({ v: 2, status: 'completed', assistantMessageId: `msg_${run.runId}` });
    expect(textOf(chunks)).toMatch(/Order \*\*#1007\*\*/);

    const stored = await listChatMessages(chatId);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(stored[1]).toMatchObject({ id: `msg_${run.runId}`, metadata: { runId: run.runId, model: 'demo', status: 'completed' } });
    expect(stored[1]!.parts.filter((p) => p.type === 'text').map((p) => p.text).join('')).toBe(textOf(chunks));
    expect(await getRunForUser(run.runId, userId)).toMatchObject({ status: 'completed', assistantMessageId: `msg_${run.runId}` });
    expect((await getChatForUser(chatId, userId))!.activeRunId).toBeNull();
  });
});

describe('a turn started now', () => {
  it('answers with a versioned output', async () => {
    const { runId, output } = await sendAndWait(userId, 'Who is customer ada@example.com?');
    expect(output).toEqual({ v: 2, status: 'completed', assistantMessageId: `msg_${runId}` });
  });
});
