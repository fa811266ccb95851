import { expect, test, type Page } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

// Small things a person notices: the page does not jump when an answer arrives, and Stop
// during an approval takes it off the approvals count at once. Order 1033 (delivered) is
// refunded by no other browser test.

/** Starts summing the page's layout shifts that no input caused (the CLS measure). */
async function watchLayoutShifts(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const shifts: number[] = [];
    (window as unknown as { layoutShifts: number[] }).layoutShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift' });
  });
  return () => page.evaluate(() => (window as unknown as { layoutShifts: number[] }).layoutShifts.reduce((sum, value) => sum + value, 0));
}

test('an answer that starts and streams moves nothing already on screen', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.openNewChat();
  await chat.send('Where is order 1003?');
  await chat.waitForAnswerToFinish();

  const shifted = await watchLayoutShifts(page);
  await chat.send('Where is order 1004?');
  await expect(chat.lastAnswer()).toContainText('Order #1004');
  await chat.waitForAnswerToFinish();
  // 0.1 is the web's threshold for "good"; an answer growing at the bottom should shift nothing.
  expect(await shifted()).toBeLessThan(0.01);
});

test('Stop during an approval takes it off the approvals count within a second, and the card says Stop ended it', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.openNewChat();
  await chat.send('Refund $2 of order 1033');
  await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
  const count = page.getByTestId('approvals-count');
  await expect(count).toHaveText('1');

  const stopped = Date.now();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(count).toHaveCount(0, { timeout: 1_000 });
  expect(Date.now() - stopped).toBeLessThan(1_000);
  await expect(chat.approvalCard()).toHaveAttribute('data-status', 'cancelled');
  await expect(chat.approvalCard()).toContainText('The turn was stopped before anyone decided.');
  await expect(chat.approvalCard()).not.toContainText('Expired');
  await expect(chat.composer).toBeFocused();
});
