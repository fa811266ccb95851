// The waits a person sees in the browser, measured in Debian's Chromium against the production
// build, with the demo model at its quick-start pace (30 ms between words):
//   npx tsx scripts/browser-waits.ts [--rounds 10] [--port 3195]
// - first text: Enter pressed → the first words of the answer on screen
// - finished answer: Enter pressed → the answer marked complete
// - switching chats: a click on another chat in the sidebar → its last answer on screen
// - signed in: Sign in clicked (a demo account, a fresh browser) → the empty chat ready for a message
// - sign-in to first text: the same click → the first words of the answer to a message sent at once
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
import { DEMO_PASSWORD } from '../lib/auth/demo-accounts';
import { AppServer } from '../testing/app-server';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, port: { type: 'string', default: '3195' } } });
const rounds = Number(values.rounds);

const percentile = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((list.length * p) / 100))]!;
const report = (name: string, list: number[]) =>
  console.log(`${name.padEnd(16)} p50 ${Math.round(percentile(list, 50))} ms, p95 ${Math.round(percentile(list, 95))} ms (${list.length})`);

const answerHasText = () =>
  ([...document.querySelectorAll('[data-role="assistant"]')].at(-1)?.querySelector('[data-testid="answer-body"] p')?.textContent ?? '').trim().length > 0;

/** Signs in as the demo agent in a fresh browser context; milliseconds from the click to the chat, and to the first answer text. */
async function signInAndAsk(browser: Browser, baseURL: string): Promise<{ signedIn: number; firstText: number }> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('agent@demo.store');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    const started = performance.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await page.getByRole('heading', { name: 'How can I help?' }).waitFor();
    await composer.waitFor();
    const signedIn = performance.now() - started;
    await composer.fill('Where is order 1007?');
    await composer.press('Enter');
    await page.waitForFunction(answerHasText, undefined, { polling: 'raf' });
    return { signedIn, firstText: performance.now() - started };
  } finally {
    await context.close();
  }
}

/** Milliseconds from a click on a chat in the sidebar until that chat's answer shows. */
async function switchTo(page: Page, chat: { path: string; question: string }): Promise<number> {
  const started = performance.now();
  await page.locator(`nav a[href="${chat.path}"]`).first().click();
  await page.waitForFunction(
    (question) => {
      const asked = [...document.querySelectorAll('[data-role="user"] [data-testid="user-text"]')].at(-1)?.textContent;
      return asked === question && document.querySelector('[data-role="assistant"][data-status="completed"]') !== null;
    },
    chat.question,
    { polling: 'raf', timeout: 30_000 },
  );
  return performance.now() - started;
}

async function main() {
  const server = new AppServer(Number(values.port), { DEMO_MODEL_DELAY_MS: '30', AUTH_RATE_LIMIT: 'off' });
  await server.start();
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Continue as guest' }).click();
    await page.waitForURL(/\/$/);

    const firstText: number[] = [];
    const finished: number[] = [];
    const chats: { path: string; question: string }[] = [];
    for (let round = 0; round < rounds; round++) {
      await page.goto('/');
      const composer = page.getByRole('textbox', { name: 'Message' });
      const question = `Where is order ${1001 + (round % 30)}?`;
      await composer.fill(question);
      const started = performance.now();
      await composer.press('Enter');
      // The answer's text, not the tool card: the first paragraph of prose in the newest answer.
      // Functions, not strings: the page's Content-Security-Policy forbids eval.
      await page.waitForFunction(answerHasText, undefined, { polling: 'raf' });
      firstText.push(performance.now() - started);
      await page.waitForFunction(() => [...document.querySelectorAll('[data-role="assistant"]')].at(-1)?.getAttribute('data-status') === 'completed', undefined, {
        polling: 'raf',
      });
      finished.push(performance.now() - started);
      await page.waitForURL(/\/chat\//);
      chats.push({ path: new URL(page.url()).pathname, question });
    }

    const switching: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const target = chats[(round * 3) % chats.length]!;
      if (new URL(page.url()).pathname !== target.path) switching.push(await switchTo(page, target));
    }
    const signedIn: number[] = [];
    const signInToFirstText: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const waits = await signInAndAsk(browser, server.url);
      signedIn.push(waits.signedIn);
      signInToFirstText.push(waits.firstText);
    }
    report('first text', firstText);
    report('finished answer', finished);
    report('switching chats', switching);
    report('signed in', signedIn);
    report('sign-in to text', signInToFirstText);
  } finally {
    await browser.close();
    await server.stop();
  }
}

void main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
