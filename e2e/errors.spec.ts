import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

test.describe('when things go wrong', () => {
  test('a failed answer shows a banner, and Retry answers it', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'fake-model (127.0.0.1:3199)' });
    // The fake server fails this message four times with a 500 (the model step and its
    // retries), then answers.
    await chat.send('A flaky question about order 1005');
    await expect(chat.errorBanner).toContainText('The fake server had an internal error');
    await expect(chat.errorBanner).toContainText('gave up after 4 attempts');
    await expect(chat.composer).toBeEditable();

    await chat.errorBanner.getByRole('button', { name: 'Retry' }).click();
    await chat.waitForAnswerToFinish();
    await expect(chat.errorBanner).toHaveCount(0);
    await expect(chat.lastAnswer()).toContainText(/The order is (paid|shipped|delivered|cancelled)\./);
    await expect(chat.lastAnswer()).toContainText('Answered by fake-model');
    await expect(chat.userMessages).toHaveCount(1);

    // The failure is not kept once the retry succeeded.
    await page.reload();
    await expect(chat.assistantMessages).toHaveCount(1);
    await expect(chat.errorBanner).toHaveCount(0);
  });

  test('a failure stays visible after a reload, with its Retry', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'fake-model (127.0.0.1:3199)' });
    await chat.send('This one will fail');
    await expect(chat.errorBanner).toContainText('The fake server refuses this request');
    await chat.chatId();
    await page.reload();
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'failed');
    await expect(chat.errorBanner).toContainText('The fake server refuses this request');
    await expect(chat.errorBanner.getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  test('a first visit is asked to sign in; one click continues as a guest with an httpOnly session; the API refuses callers without one', async ({ page, playwright }) => {
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns$/);
    await page.getByRole('button', { name: 'Continue as guest' }).click();
    await expect(page).toHaveURL(/\/runs$/);
    const session = (await page.context().cookies()).find((c) => c.name.endsWith('session_token'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    const anonymous = await playwright.request.newContext({ baseURL: page.url() });
    const response = await anonymous.get('/api/chats');
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    await anonymous.dispose();
  });
});
