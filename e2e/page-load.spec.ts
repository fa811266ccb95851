import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../lib/auth/demo-accounts';
import { ChatPage } from './pages/chat-page';

/**
 * A page is drawn once: what the server's HTML shows is what stays after the browser takes
 * over. If the two differ, React throws the whole page away and draws it again: the page
 * jumps, and a click aimed at a button lands on whatever moved under it.
 */

/** Every uncaught error on the page (a failed hydration is one: React error 418 or 425). */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** React has taken over the page: every button has its handlers. */
function everyButtonHydrated(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button')].every((button) => Object.keys(button).some((key) => key.startsWith('__reactProps'))),
  );
}

/** A chat with some history, whose newest turn waits for a decision; returns its address. */
async function chatWaitingForDecision(chat: ChatPage, refund: string): Promise<string> {
  await chat.openNewChat();
  await chat.send('Show recent orders');
  await chat.waitForAnswerToFinish();
  await chat.lookUpOrder(1003);
  await chat.send(refund);
  await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
  return chat.page.url();
}

test.describe('opening a page', () => {
  // Someone far from the server, whose computer's clock is a few minutes off.
  test.use({ timezoneId: 'Pacific/Auckland', locale: 'de-DE' });

  test('a chat waiting for a decision shows, from its HTML alone, its newest message and an answer in progress', async ({ page, browser }) => {
    const chat = new ChatPage(page);
    const url = await chatWaitingForDecision(chat, 'Refund $1 of order 1012');

    // The same page with none of its scripts: only the server's HTML (and its inline scripts).
    const context = await browser.newContext({ storageState: await page.context().storageState(), viewport: { width: 1280, height: 640 } });
    const htmlOnly = await context.newPage();
    await htmlOnly.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
    await htmlOnly.goto(url);
    const card = htmlOnly.getByTestId('approval-card');
    await expect(card).toHaveAttribute('data-status', 'pending');
    // At the newest message, where the browser will keep it: nothing scrolls once scripts run.
    await expect(card.getByRole('button', { name: 'Reject' })).toBeInViewport();
    // Answering: no Edit on the questions, no Regenerate, no Copy on the answer that is not done.
    const answering = htmlOnly.locator('[data-role="assistant"]').last();
    await expect(answering).toHaveAttribute('data-status', 'streaming');
    await expect(htmlOnly.getByRole('button', { name: /Edit message|Regenerate answer/ })).toHaveCount(0);
    await expect(answering.getByRole('button', { name: 'Copy answer' })).toHaveCount(0);
    await context.close();

    await chat.reject();
    await chat.waitForAnswerToFinish();
  });

  test('with the clock minutes off, a page is drawn once, and a click right after it opens is carried out', async ({ page }) => {
    await page.clock.setFixedTime(Date.now() + 7 * 60_000);
    const chat = new ChatPage(page);
    const url = await chatWaitingForDecision(chat, 'Refund $2 of order 1013');
    const errors = collectPageErrors(page);

    // Back from the inbox, and at once Reject: the one click must be enough.
    await page.goto('/approvals');
    await expect(page.getByTestId('inbox-item').first()).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(url);
    await chat.reject();
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'rejected', { timeout: 5000 });
    await chat.waitForAnswerToFinish();

    // A decided card (who and when), the run list, a run's page.
    await page.reload();
    await expect(chat.approvalCard()).toContainText('Rejected by');
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await expect(page.getByTestId('run-row').first()).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('run-row').first()).toBeVisible();
    await page.getByTestId('run-row').first().click();
    await expect(page.getByTestId('timeline')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('timeline')).toBeVisible();
    await expect.poll(() => everyButtonHydrated(page)).toBe(true);

    expect(errors).toEqual([]);
  });
});

test.describe('opening every page as an admin', () => {
  test.use({ timezoneId: 'America/Los_Angeles', locale: 'fr-FR' });

  test('with the clock minutes behind, no page is drawn twice', async ({ page }) => {
    await page.clock.setFixedTime(Date.now() - 11 * 60_000);
    const errors = collectPageErrors(page);
    const chat = new ChatPage(page);
    await chat.signIn('admin@demo.store', DEMO_PASSWORD);
    await chat.send('Refund $1 of order 1014');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    const pages: Array<[string, () => Promise<void>]> = [
      [page.url(), () => expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending')],
      ['/approvals', () => expect(page.getByTestId('inbox-item').first()).toBeVisible()],
      ['/runs', () => expect(page.getByTestId('run-row').first()).toBeVisible()],
      ['/audit', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
      ['/admin/people', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
      ['/', () => chat.waitForNewChat()],
    ];
    for (const [url, shown] of pages) {
      await page.goto(url);
      await shown();
      await expect.poll(() => everyButtonHydrated(page), { message: url }).toBe(true);
      expect(errors, url).toEqual([]);
    }
    await page.goto(pages[0]![0]);
    await chat.reject();
    await chat.waitForAnswerToFinish();
  });
});
