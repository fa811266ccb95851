import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

test.describe('chatting with the agent', () => {
  test('streams an answer with its tool call, then keeps it', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Where is order 1007?');

    const tool = chat.toolCalls.first();
    // The call in words; its raw input and output one click away.
    await expect(tool.getByTestId('tool-call-summary')).toHaveText('Look up order #1007');
    // While the turn runs the box stays open (what is sent waits its turn); the answer streams in.
    await expect(chat.composer).toBeEditable();
    await expect(page.getByTestId('composer-status')).toContainText('The agent is answering');
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    await expect(chat.lastAnswer()).toContainText('Order #1007 for Donald Knuth');
    await chat.waitForAnswerToFinish();

    await expect(tool).toHaveAttribute('data-state', 'done');
    await expect(chat.lastAnswer()).toContainText(/Total: \$\d+\.\d\d/);
    await expect(chat.lastAnswer()).toContainText('Answered by Demo model (offline)');
    await tool.getByText('Details').click();
    await expect(tool.locator('pre').first()).toContainText('"orderNumber": 1007');
    await expect(tool.locator('pre').last()).toContainText('"number": 1007');
    await chat.chatId();
  });

  test('shows a failing tool as failed and explains it', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Where is order 9999?');
    await chat.waitForAnswerToFinish();
    await expect(chat.toolCalls.first()).toHaveAttribute('data-state', 'error');
    await expect(chat.toolCalls.first()).toContainText('Order #9999 does not exist.');
    await expect(chat.lastAnswer()).toContainText("Sorry, I couldn't look up that order");
  });

  test('reloading in the middle of an answer resumes it: one complete answer, nothing doubled', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    // A long answer (ten orders, word by word) so the reload lands in its middle.
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders', { timeout: 20_000 });
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    const chatId = await chat.chatId();

    // Hold the resumed stream back: what was already shown must stay on screen meanwhile.
    let releaseStream!: () => void;
    const streamHeld = new Promise<void>((resolve) => (releaseStream = resolve));
    await page.route('**/api/chat/*/stream**', async (route) => {
      await streamHeld;
      await route.continue();
    });
    await page.reload();
    // The stored question is rendered by the server; the answer so far too, not "Thinking…".
    await expect(chat.userMessages).toHaveText(['Show recent orders']);
    await expect(chat.lastAnswer()).toContainText('I found 10 orders');
    await expect(page.getByText('Thinking…')).toHaveCount(0);
    releaseStream();
    // The live answer carries on.
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    await chat.waitForAnswerToFinish();
    await expect(chat.assistantMessages).toHaveCount(1);
    await expect(chat.toolCalls).toHaveCount(1);
    const live = await chat.lastAnswer().innerText();
    expect(live.match(/I found/g)).toHaveLength(1);

    // The stored answer is exactly what the resumed stream showed.
    await page.goto(`/chat/${chatId}`);
    await expect(chat.assistantMessages).toHaveCount(1);
    expect(await chat.lastAnswer().innerText()).toBe(live);
  });

  test('after the answer is done, a reload shows the history and reconnects nowhere', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Who is customer grace@example.com?');
    await chat.waitForAnswerToFinish();

    const reconnects: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/stream')) reconnects.push(request.url());
    });
    await page.reload();
    await expect(chat.userMessages).toHaveText(['Who is customer grace@example.com?']);
    await expect(chat.lastAnswer()).toContainText('Grace Hopper');
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'completed');
    await expect(chat.composer).toBeEditable();
    await page.waitForTimeout(1000);
    expect(reconnects).toEqual([]);
  });

  test('a second tab on the same chat shows the live answer too', async ({ page, context }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Show shipped orders');
    const chatId = await chat.chatId();
    await expect(chat.lastAnswer()).toContainText('I found', { timeout: 20_000 });

    const second = new ChatPage(await context.newPage());
    await second.page.goto(`/chat/${chatId}`);
    await expect(second.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    await second.waitForAnswerToFinish();
    await chat.waitForAnswerToFinish();
    expect(await second.lastAnswer().innerText()).toBe(await chat.lastAnswer().innerText());
  });
});
