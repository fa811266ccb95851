import { expect, test, type Browser, type BrowserContextOptions } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';
import type { ChatSnapshot } from '../lib/chat/types';

// Copy, regenerate, edit and resend, on a server of our own.
const server = new AppServer(Number(process.env.MESSAGE_ACTIONS_PORT ?? 3551), { DEMO_MODEL_DELAY_MS: '10' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await server.start();
});
test.afterAll(() => server.stop());

async function guestChat(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  const chat = new ChatPage(await context.newPage());
  await chat.openNewChat();
  return { context, chat, page: chat.page };
}

async function snapshotOf(chat: ChatPage): Promise<ChatSnapshot> {
  const response = await chat.page.request.get(`/api/chats/${await chat.chatId()}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as ChatSnapshot;
}

test('copy puts the answer on the clipboard as markdown, and says so', async ({ browser }) => {
  const { context, chat } = await guestChat(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await chat.send('Hello, what can you do?');
  await chat.waitForAnswerToFinish();
  const answer = chat.lastAnswer();

  // Out of sight until the answer is hovered.
  const actions = answer.getByTestId('message-actions');
  await chat.page.mouse.move(0, 0);
  await expect(actions).toHaveCSS('opacity', '0');
  await answer.hover();
  await expect(actions).toHaveCSS('opacity', '1');

  await chat.copyAnswer();
  const [, stored] = (await snapshotOf(chat)).messages;
  const markdown = stored!.parts.flatMap((p) => (p.type === 'text' ? [p.text.trim()] : [])).join('\n\n');
  expect(markdown).toContain('**'); // markdown, not the rendered text
  expect(await chat.clipboardText()).toBe(markdown);
  await expect(answer.getByRole('button', { name: 'Copy answer' })).toContainText('Copied');
  await context.close();
});

test('regenerate answers again; the earlier answer stays one click away, here and in another tab', async ({ browser }) => {
  const { context, chat, page } = await guestChat(browser);
  await chat.send('Where is order 1001?');
  await chat.waitForAnswerToFinish();
  const chatId = await chat.chatId();
  const firstRun = (await snapshotOf(chat)).messages[1]!.metadata!.runId!;
  const other = new ChatPage(await context.newPage());
  await other.page.goto(`/chat/${chatId}`);
  await expect(other.assistantMessages).toHaveCount(1);

  await chat.regenerateAnswer();
  await expect(chat.answerPosition()).toHaveText('2/2');
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages).toHaveCount(1);
  await expect(chat.lastAnswer()).toContainText('1001');
  const secondRun = (await snapshotOf(chat)).messages[1]!.metadata!.runId!;
  expect(secondRun).not.toBe(firstRun);

  await (await chat.messageAction(chat.lastAnswer(), 'Previous answer')).click();
  await expect(chat.answerPosition()).toHaveText('1/2');
  await expect(chat.lastAnswer()).toHaveAttribute('data-showing', 'earlier');
  await expect(chat.lastAnswer().getByRole('link', { name: 'View its run' })).toHaveAttribute('href', `/runs/${firstRun}`);
  await (await chat.messageAction(chat.lastAnswer(), 'Next answer')).click();
  await expect(chat.answerPosition()).toHaveText('2/2');

  // The other tab follows; a reload shows the same.
  await expect(other.answerPosition()).toHaveText('2/2', { timeout: 15_000 });
  await page.reload();
  await expect(chat.answerPosition()).toHaveText('2/2');
  await context.close();
});

test('edit and resend replaces the turns after the message; their runs still open in run review', async ({ browser }) => {
  const { context, chat, page } = await guestChat(browser);
  await chat.lookUpOrder(1002);
  await chat.lookUpOrder(1003);
  const before = (await snapshotOf(chat)).messages;
  const laterRun = before[3]!.metadata!.runId!;

  await chat.editMessage('Where is order 1002?', 'Where is order 1004?');
  await expect(chat.userMessages).toHaveText(['Where is order 1004?']);
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages).toHaveCount(1);
  await expect(chat.lastAnswer()).toContainText('1004');
  await expect(chat.composer).toBeFocused();

  await page.reload();
  await expect(chat.userMessages).toHaveText(['Where is order 1004?']);

  await page.goto(`/runs/${laterRun}`);
  await expect(page.getByText('Where is order 1003?').first()).toBeVisible();
  await context.close();
});

test('every action works from the keyboard alone', async ({ browser }) => {
  const { context, chat, page } = await guestChat(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await chat.composer.pressSequentially('Where is order 1005?');
  await page.keyboard.press('Enter');
  await chat.waitForAnswerToFinish();

  // Back from the message box: the newest answer's actions, shown while they hold the focus.
  const regenerate = await chat.keyboardTo('Regenerate answer');
  await expect(chat.lastAnswer().getByTestId('message-actions')).toHaveCSS('opacity', '1');
  await page.keyboard.press('Enter');
  await expect(chat.composer).toBeFocused();
  await chat.waitForAnswerToFinish();
  await expect(chat.answerPosition()).toHaveText('2/2');
  await expect(regenerate).toHaveCount(0); // the focus is in the message box again

  await chat.keyboardTo('Previous answer');
  await page.keyboard.press('Enter');
  await expect(chat.answerPosition()).toHaveText('1/2');

  await chat.keyboardTo('Copy answer', 'Tab');
  await page.keyboard.press('Enter');
  await expect(chat.lastAnswer().getByTestId('copy-status')).toHaveText('Copied to the clipboard');

  // Escape cancels an edit and gives the focus back to its button.
  const edit = await chat.keyboardTo('Edit message');
  await page.keyboard.press('Enter');
  const box = page.getByRole('textbox', { name: 'Edit message' });
  await expect(box).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);
  await expect(edit).toBeFocused();

  // Enter saves and sends again.
  await page.keyboard.press('Enter');
  await expect(box).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Where is order 1006?');
  await page.keyboard.press('Enter');
  await expect(chat.userMessages).toHaveText(['Where is order 1006?']);
  await expect(chat.composer).toBeFocused();
  await chat.waitForAnswerToFinish();
  await expect(chat.lastAnswer()).toContainText('1006');
  await context.close();
});

test('on a touch screen the actions are always shown', async ({ browser }) => {
  const { context, chat } = await guestChat(browser, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
  await chat.send('Where is order 1007?');
  await chat.waitForAnswerToFinish();
  await expect(chat.lastAnswer().getByTestId('message-actions')).toHaveCSS('opacity', '1');
  await expect(chat.userMessage('Where is order 1007?').getByTestId('message-actions')).toHaveCSS('opacity', '1');
  await context.close();
});
