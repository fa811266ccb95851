// How long approving takes, as a person sees it: from the click on Approve until the tool's
// result shows in the chat. Drives Debian's Chromium against a running server:
//   npx tsx bench/approval-latency.ts [baseUrl=http://127.0.0.1:3000] [rounds=10]
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';

const [baseUrl = 'http://127.0.0.1:3000', roundsArg = '10'] = process.argv.slice(2);
const rounds = Number(roundsArg);
// Delivered orders of the demo store, refunded $1 at a time.
const orders = [1005, 1006, 1007, 1010, 1012, 1016, 1022, 1025, 1027, 1030, 1035, 1040];

const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage();
const timings: number[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    await page.goto(`${baseUrl}/`);
    // Everyone signs in now: the first round continues as a guest (who may approve a $1 refund).
    if (new URL(page.url()).pathname === '/sign-in') await page.getByRole('button', { name: 'Continue as guest' }).click();
    await page.getByRole('heading', { name: 'How can I help?' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill(`Refund $1 of order ${orders[i % orders.length]}`);
    await page.keyboard.press('Enter');
    const card = page.getByTestId('approval-card');
    await card.getByRole('button', { name: 'Approve' }).waitFor();
    // Timed inside the page: from the click event to the frame after the card's tool turned done.
    // (Timing Playwright's waitFor instead adds its polling interval, up to 500 ms.)
    await page.evaluate(() => {
      const w = window as unknown as { approvalTiming: Promise<number> };
      w.approvalTiming = new Promise<number>((resolve) => {
        const button = [...document.querySelectorAll('[data-testid="approval-card"] button')].find((b) => b.textContent === 'Approve')!;
        let clickedAt = 0;
        button.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const tool = [...document.querySelectorAll('[data-testid="tool-call"]')].at(-1);
          if (!clickedAt || tool?.getAttribute('data-state') !== 'done') return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - clickedAt));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      });
    });
    await card.getByRole('button', { name: 'Approve' }).click();
    timings.push(await page.evaluate(() => (window as unknown as { approvalTiming: Promise<number> }).approvalTiming));
    console.log(`round ${i + 1}: ${timings.at(-1)!.toFixed(0)} ms`);
    await page.locator('[data-role="assistant"][data-status="completed"]').waitFor();
  }
} finally {
  await browser.close();
}
const sorted = [...timings].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(`median of ${rounds}: ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`);
