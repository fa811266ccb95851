import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

// A server killed in the middle of an answer loses nothing: on restart the workflow world
// re-runs the interrupted step, the turn completes, and the answer is stored.
test('a turn survives the server being killed mid-answer', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = new AppServer(3107, { DEMO_MODEL_DELAY_MS: '120' });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders', { timeout: 30_000 });
    const chatId = await chat.chatId();

    await server.kill();
    await server.start();

    // The turn finishes on the restarted server and its answer is stored.
    await expect
      .poll(
        async () => {
          const response = await context.request.get(`/api/chats/${chatId}`);
          const body = (await response.json()) as { chat: { activeRunId: string | null }; messages: { role: string; metadata?: { status?: string } }[] };
          return { running: body.chat.activeRunId !== null, roles: body.messages.map((m) => m.role), status: body.messages[1]?.metadata?.status };
        },
        { timeout: 90_000, intervals: [1000] },
      )
      .toEqual({ running: false, roles: ['user', 'assistant'], status: 'completed' });

    await chat.page.reload();
    await expect(chat.assistantMessages).toHaveCount(1);
    const answer = chat.lastAnswer();
    await expect(answer).toHaveAttribute('data-status', 'completed');
    const text = await answer.innerText();
    expect(text.match(/I found 10 orders/g)).toHaveLength(1);
    expect(text.match(/#\d{4}/g)).toHaveLength(10);
    await expect(chat.toolCalls).toHaveCount(1);
  } finally {
    await context.close();
    await server.kill();
  }
});
