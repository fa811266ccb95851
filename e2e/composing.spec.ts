import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

test.describe('composing while the agent works', () => {
  test('messages sent during an approval wait their turn: shown as queued, one taken back, the other answered next', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await expect(chat.composer).toBeFocused();
    await chat.send('Refund all of order 1022');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');

    // The box stays open while the turn waits for a person, and keeps the focus.
    await expect(chat.composer).toBeEditable();
    await expect(chat.composer).toBeFocused();
    await chat.send('Where is order 1007?');
    await chat.send('Where is order 1003?');
    await expect(chat.queuedMessages).toHaveText([/Where is order 1007\?/, /Where is order 1003\?/]);
    await expect(chat.composer).toHaveValue('');

    await page.getByRole('button', { name: 'Cancel queued message: Where is order 1007?' }).click();
    await expect(chat.queuedMessages).toHaveText([/Where is order 1003\?/]);

    // Still queued after a reload: it is stored, not kept in the tab.
    await page.reload();
    await expect(chat.queuedMessages).toHaveText([/Where is order 1003\?/]);

    await chat.reject('Not this one');
    await expect(chat.composer).toBeFocused();
    // The turn ends, and the queued message becomes the next turn by itself.
    await expect(chat.userMessages).toHaveText(['Refund all of order 1022', 'Where is order 1003?'], { timeout: 15_000 });
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Order #1003');
    await expect(page.getByTestId('queued-messages')).toHaveCount(0);

    await page.reload();
    await expect(chat.userMessages).toHaveText(['Refund all of order 1022', 'Where is order 1003?']);
    await expect(chat.assistantMessages).toHaveCount(2);
  });

  test('Escape stops the answer and the message box keeps the focus', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders');
    await expect(chat.composer).toBeFocused();
    await chat.composer.press('Escape');
    await expect(page.getByTestId('stopped-note')).toBeVisible();
    await expect(chat.composer).toBeFocused();
    await expect(chat.composer).toHaveValue('');
  });
});

test.describe('two tabs on one chat', () => {
  test('an idle tab shows a turn started in the other, and its queued message, without a reload', async ({ context }) => {
    const first = new ChatPage(await context.newPage());
    await first.openNewChat();
    await first.send('Where is order 1001?');
    await first.waitForAnswerToFinish();
    const chatId = await first.chatId();

    const second = new ChatPage(await context.newPage());
    await second.page.goto(`/chat/${chatId}`);
    await expect(second.lastAnswer()).toContainText('Order #1001');

    await first.page.bringToFront();
    await first.send('Refund $3 of order 1035');
    await second.page.bringToFront();
    await expect(second.userMessages.last()).toHaveText('Refund $3 of order 1035');
    await expect(second.approvalCard()).toHaveAttribute('data-status', 'pending');

    // Sent from the second tab while the turn waits: queued, and seen in both.
    await second.send('Where is order 1002?');
    await expect(second.queuedMessages).toHaveText([/Where is order 1002\?/]);
    await first.page.bringToFront();
    await expect(first.queuedMessages).toHaveText([/Where is order 1002\?/]);

    await first.reject();
    await expect(first.userMessages.last()).toHaveText('Where is order 1002?', { timeout: 15_000 });
    await first.waitForAnswerToFinish();
    await expect(first.lastAnswer()).toContainText('Order #1002');
    await second.page.bringToFront();
    await expect(second.lastAnswer()).toContainText('Order #1002', { timeout: 15_000 });
    await expect(second.userMessages).toHaveText(['Where is order 1001?', 'Refund $3 of order 1035', 'Where is order 1002?']);
    await expect(second.queuedMessages).toHaveCount(0);
  });

  test('sending from a tab that missed the running turn queues the message and shows what runs', async ({ context }) => {
    const first = new ChatPage(await context.newPage());
    await first.openNewChat();
    await first.send('Where is order 1004?');
    await first.waitForAnswerToFinish();
    const chatId = await first.chatId();

    const stale = new ChatPage(await context.newPage());
    await stale.page.goto(`/chat/${chatId}`);
    await expect(stale.lastAnswer()).toContainText('Order #1004');
    // This tab hears nothing from the server for a while (asleep, offline)…
    await stale.page.route(`**/api/chats/${chatId}`, (route) => route.abort());

    await first.send('Refund $4 of order 1035');
    await expect(first.approvalCard()).toHaveAttribute('data-status', 'pending');

    // …and then sends, believing the chat idle: the message waits its turn, the running one shows.
    await stale.page.unroute(`**/api/chats/${chatId}`);
    await stale.send('Where is order 1005?');
    await expect(stale.queuedMessages).toHaveText([/Where is order 1005\?/]);
    await expect(stale.approvalCard()).toHaveAttribute('data-status', 'pending');
    await expect(stale.userMessages).toHaveText(['Where is order 1004?', 'Refund $4 of order 1035']);
    await expect(stale.errorBanner).toHaveCount(0);

    await stale.reject();
    await expect(stale.userMessages).toHaveText(['Where is order 1004?', 'Refund $4 of order 1035', 'Where is order 1005?'], { timeout: 15_000 });
    await stale.waitForAnswerToFinish();
    await expect(stale.lastAnswer()).toContainText('Order #1005');
  });
});
