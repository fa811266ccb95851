import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

/**
 * axe-core on every page and the states people spend time in, in both themes (the system theme
 * is followed by default). Serious and critical violations fail the test, listed by rule and
 * element so the failure says what to fix.
 */
async function expectNoSeriousViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const described = serious.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 5).join('\n  ')}`,
  );
  expect(described, `axe on ${state}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('sign-in and sign-up pages', async ({ page }) => {
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Continue as guest' })).toBeVisible();
      await expectNoSeriousViolations(page, 'sign-in');
      await page.goto('/sign-up');
      await expect(page.getByRole('button', { name: /sign up|create/i }).first()).toBeVisible();
      await expectNoSeriousViolations(page, 'sign-up');
    });

    test('a chat: empty, streaming, waiting for approval, answered', async ({ page }) => {
      const chat = new ChatPage(page);
      await chat.openNewChat();
      await expectNoSeriousViolations(page, 'the empty chat');

      await chat.send('Show recent orders');
      await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
      await expect(chat.lastAnswer()).toContainText('I found 10 orders');
      await expectNoSeriousViolations(page, 'an answer streaming');
      await chat.waitForAnswerToFinish();

      await chat.send('Refund $1 of order 1012');
      await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
      await expectNoSeriousViolations(page, 'an approval pending');

      await page.goto('/approvals');
      await expect(page.getByRole('heading', { name: /approvals/i }).first()).toBeVisible();
      await expectNoSeriousViolations(page, 'the approvals inbox');

      await page.goBack();
      await chat.reject();
      await expect(chat.approvalCard()).toHaveAttribute('data-status', 'rejected');
      await chat.waitForAnswerToFinish();
      await expectNoSeriousViolations(page, 'an answered chat with its tool calls');

      await page.getByRole('link', { name: 'Runs', exact: true }).click();
      await expect(page.getByTestId('run-row').first()).toBeVisible();
      await expectNoSeriousViolations(page, 'the run list');

      await page.getByTestId('run-row').first().click();
      await expect(page.getByTestId('timeline')).toBeVisible();
      await expect(page.getByTestId('replay')).toBeVisible();
      await expectNoSeriousViolations(page, 'a run page');
    });

    test('the not-found page', async ({ page }) => {
      const chat = new ChatPage(page);
      await chat.openNewChat();
      await page.goto('/chat/00000000-0000-4000-8000-000000000000');
      await expect(page.getByRole('link', { name: 'Back to your chats' })).toBeVisible();
      await expectNoSeriousViolations(page, 'the not-found page');
    });
  });
}
