import { expect, test, type BrowserContext } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

// The server killed (SIGKILL, from inside, at the exact point) in each window where a crash
// leaves a turn half-done; after the restart the reconciler finishes it and the person sees
// the answer, without doing anything again.

const killAt = (point: string) => JSON.stringify({ crashAt: { [point]: 1 }, crashByKill: true });

async function waitUntilDown(server: AppServer) {
  await expect
    .poll(() => fetch(`${server.url}/api/health`).then(() => 'up', () => 'down'), { timeout: 15_000 })
    .toBe('down');
}

async function newestChatId(context: BrowserContext): Promise<string> {
  const { chats } = (await (await context.request.get('/api/chats')).json()) as { chats: { id: string }[] };
  return chats[0]!.id;
}

test('a message stored just before the server died is answered after the restart', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new AppServer(3113, { DEMO_MODEL_DELAY_MS: '20', FAULT_PLAN: killAt('afterMessageStored') });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Where is order 1007?');
    await waitUntilDown(server); // the message is stored; no run answers it

    server.setEnv({ FAULT_PLAN: '' });
    await server.start();
    const chatId = await newestChatId(context);
    await chat.page.goto(`/chat/${chatId}`);
    await expect(chat.userMessages).toHaveText(['Where is order 1007?']);
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(chat.lastAnswer()).toContainText('Order #1007');
    await expect(chat.assistantMessages).toHaveCount(1);
    await expect(chat.composer).toBeEditable();
  } finally {
    await context.close();
    await server.kill();
  }
});

test('a decision recorded just before the server died reaches the run after the restart', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new AppServer(3114, { DEMO_MODEL_DELAY_MS: '0', FAULT_PLAN: killAt('afterDecisionRecorded') });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Refund $9 of order 1040');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    const chatId = await chat.chatId();
    await chat.approve();
    await waitUntilDown(server); // the decision is stored; the run was never woken

    server.setEnv({ FAULT_PLAN: '' });
    await server.start();
    await chat.page.goto(`/chat/${chatId}`);
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Refunded $9.00 for order #1040');
    expect(await chat.lookUpOrder(1040)).toContain('Refunded so far: $9.00.');
  } finally {
    await context.close();
    await server.kill();
  }
});
