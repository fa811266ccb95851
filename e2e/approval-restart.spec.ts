import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

// These need a server of their own: a short approval timeout, and a server to kill.

test('an approval nobody answers expires, and shows as expired', async ({ browser }) => {
  const server = new AppServer(3108, { DEMO_MODEL_DELAY_MS: '0', APPROVAL_TIMEOUT: '4s' });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Refund $2 of order 1035');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    await chat.waitForAnswerToFinish();
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'expired');
    await expect(chat.approvalCard()).toContainText('without a decision');
    await expect(chat.toolCalls.last()).toHaveAttribute('data-state', 'expired');
    await expect(chat.lastAnswer()).toContainText('expired before anyone decided, so nothing changed');
    await chat.page.reload();
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'expired');
  } finally {
    await context.close();
    await server.kill();
  }
});

test('a run waiting for approval survives a server kill: approve after the restart, refunded once', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = new AppServer(3109, { DEMO_MODEL_DELAY_MS: '0' });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Refund $9 of order 1040');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    const chatId = await chat.chatId();

    await server.kill();
    await server.start();

    await chat.page.goto(`/chat/${chatId}`);
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    await chat.approve();
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Refunded $9.00 for order #1040');
    expect(await chat.lookUpOrder(1040)).toContain('Refunded so far: $9.00.');
  } finally {
    await context.close();
    await server.kill();
  }
});
