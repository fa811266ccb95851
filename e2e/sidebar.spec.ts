import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { ChatSidebar } from './pages/chat-sidebar';

test.describe('the chat list', () => {
  test('lists chats newest first and deletes one', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Where is order 1001?');
    await chat.waitForAnswerToFinish();
    const firstId = await chat.chatId();

    await page.getByRole('link', { name: 'New chat' }).click();
    await chat.waitForNewChat();
    await chat.send('Where is order 1002?');
    await chat.waitForAnswerToFinish();

    await expect(chat.sidebar.getByRole('link')).toHaveText(['Where is order 1002?', 'Where is order 1001?']);
    await chat.chatLink('Where is order 1001?').click();
    await expect(page).toHaveURL(`/chat/${firstId}`);
    await expect(chat.lastAnswer()).toContainText('Order #1001');

    await new ChatSidebar(page).deleteChat('Where is order 1001?');
    await expect(page).toHaveURL('/');
    await expect(chat.sidebar.getByRole('link')).toHaveText(['Where is order 1002?']);

    await page.goto(`/chat/${firstId}`);
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to your chats' }).click();
    await chat.waitForNewChat();
  });

  test('another browser sees none of these chats', async ({ page, browser }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Where is order 1003?');
    await chat.waitForAnswerToFinish();
    const chatId = await chat.chatId();

    const stranger = await browser.newContext();
    const other = new ChatPage(await stranger.newPage());
    await other.openNewChat();
    await expect(other.sidebar).toContainText('Your chats will appear here.');
    await other.page.goto(`/chat/${chatId}`);
    await expect(other.page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    const api = await other.page.request.get(`/api/chats/${chatId}`);
    expect(api.status()).toBe(404);
    await stranger.close();
  });

  test('the theme switches to dark and stays dark after a reload', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await page.getByRole('button', { name: /^System theme/ }).click();
    await page.getByRole('button', { name: /^Light theme/ }).click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(page.getByRole('button', { name: /^Dark theme/ })).toBeVisible();
  });

  test('works on a phone: the chat list opens as a drawer', async ({ browser }) => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const chat = new ChatPage(await phone.newPage());
    await chat.openNewChat();
    await chat.send('Where is order 1004?');
    await chat.waitForAnswerToFinish();
    await expect(chat.chatLink('Where is order 1004?')).not.toBeInViewport();
    // Closed, the drawer is out of the tab order: Tab from the menu button never reaches a chat.
    const openButton = chat.page.getByRole('button', { name: 'Open sidebar' });
    await openButton.focus();
    const focusInChatList = () => chat.page.evaluate(() => document.activeElement?.closest('nav[aria-label="Chat history"]') != null);
    for (let i = 0; i < 6; i++) {
      await chat.page.keyboard.press('Tab');
      expect(await focusInChatList()).toBe(false);
    }
    await openButton.click();
    await expect(chat.chatLink('Where is order 1004?')).toBeInViewport();
    // Open, it keeps focus inside; Escape closes it and focus goes back to its button.
    const drawer = chat.page.getByRole('dialog', { name: 'Chats' });
    for (let i = 0; i < 12; i++) {
      await chat.page.keyboard.press('Tab');
      expect(await drawer.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await chat.page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(openButton).toBeFocused();
    await phone.close();
  });
});
