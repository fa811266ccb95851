import { expect, test } from '@playwright/test';
import { AppServer } from '../testing/app-server';
import { ChatPage } from './pages/chat-page';
import { ChatSidebar } from './pages/chat-sidebar';

// The chat list on a server of its own: titles, rename, delete, date groups, search.
const server = new AppServer(3500, { DEMO_MODEL_DELAY_MS: '5' });

test.use({ baseURL: server.url });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  await server.start();
});
test.afterAll(() => server.stop());

async function chatAbout(chat: ChatPage, text: string) {
  await chat.openNewChat();
  await chat.send(text);
  await chat.waitForAnswerToFinish();
  return chat.chatId();
}

test('a chat is named after its first message, and renamed with the keyboard', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = new ChatSidebar(page);
  await chatAbout(chat, 'Hi there, the customer says the parcel never arrived, it was order 1009');
  const title = 'The customer says the parcel never… · #1009';
  await expect(sidebar.chatLink(title)).toBeVisible();

  await sidebar.renameWithKeyboard(title, 'Lost parcel for Grace');
  await expect(sidebar.optionsButton('Lost parcel for Grace')).toBeFocused();
  await page.reload();
  await expect(sidebar.chatLink('Lost parcel for Grace')).toBeVisible();

  // Escape leaves the title as it was.
  await sidebar.optionsButton('Lost parcel for Grace').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Something else');
  await page.keyboard.press('Escape');
  await expect(sidebar.chatLink('Lost parcel for Grace')).toBeVisible();
});

test('deleting asks first; deleting the open chat goes to a new chat', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = new ChatSidebar(page);
  await chatAbout(chat, 'Where is order 1002?');
  const chatId = await chatAbout(chat, 'Where is order 1003?');

  const dialog = await sidebar.askToDelete('Where is order 1003?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(sidebar.optionsButton('Where is order 1003?')).toBeFocused(); // focus comes back
  await expect(sidebar.chatLink('Where is order 1003?')).toBeVisible();

  await sidebar.deleteChat('Where is order 1003?');
  await chat.waitForNewChat();
  await expect(sidebar.history.getByRole('link')).toHaveText(['Where is order 1002?']);
  await page.goto(`/chat/${chatId}`);
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
});

test('chats are grouped by their last activity, in the viewer’s calendar', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = new ChatSidebar(page);
  await chatAbout(chat, 'Where is order 1004?');
  await expect(sidebar.groupLabels()).toHaveText(['Today']);

  // The same chat seen from later days.
  const day = 24 * 60 * 60 * 1000;
  for (const [daysLater, label] of [
    [1, 'Yesterday'],
    [4, 'Previous 7 days'],
    [30, 'Older'],
  ] as const) {
    await page.clock.setFixedTime(new Date(Date.now() + daysLater * day));
    await page.reload();
    await expect(sidebar.groupLabels()).toHaveText([label]);
    await expect(sidebar.chatLink('Where is order 1004?')).toBeVisible();
  }
});

test('search finds a chat by a word from a message, and says when nothing matches', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = new ChatSidebar(page);
  const wanted = await chatAbout(chat, 'Can the teapot in order 1005 be gift wrapped?');
  await chatAbout(chat, 'Where is order 1006?');

  await sidebar.search('wrapp');
  const hit = sidebar.chatLink('Can the teapot in order 1005…'); // its title: the first words
  await expect(hit).toBeVisible();
  await expect(sidebar.history.getByRole('link')).toHaveCount(1);
  await expect(sidebar.searchStatus()).toHaveText('1 chat found');

  // Keyboard: from the field to the result, and in.
  await sidebar.searchBox.focus();
  await page.keyboard.press('Tab');
  await expect(hit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/chat/${wanted}`);

  await sidebar.search('zeppelin');
  await expect(sidebar.searchStatus()).toHaveText('No chats match.');
  await expect(sidebar.history.getByRole('link')).toHaveCount(0);

  await sidebar.searchBox.press('Escape');
  await expect(sidebar.searchBox).toHaveValue('');
  await expect(sidebar.chatLink('Where is order 1006?')).toBeVisible();
});
