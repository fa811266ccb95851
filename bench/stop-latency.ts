// How long Stop takes, from the click until the server-side run is cancelled (the stop
// route answers once the run is cancelled and its model call aborted):
//   npx tsx bench/stop-latency.ts [baseUrl=http://127.0.0.1:3000] [rounds=10]
// Needs a server with a slow demo model (DEMO_MODEL_DELAY_MS=40 or more).
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';

const [baseUrl = 'http://127.0.0.1:3000', roundsArg = '10'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage();
const toResponse: number[] = [];
const toReady: number[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'How can I help?' }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Show recent orders');
    await page.keyboard.press('Enter');
    await page.getByText('I found 10 orders').waitFor();
    const stopped = page.waitForResponse((r) => r.url().endsWith('/stop') && r.request().method() === 'POST');
    const started = performance.now();
    await page.getByRole('button', { name: 'Stop' }).click();
    const response = await stopped;
    toResponse.push(performance.now() - started);
    const { runId } = (await response.json()) as { runId: string };
    await page.getByTestId('stopped-note').waitFor();
    toReady.push(performance.now() - started);
    const run = (await (await page.request.get(`${baseUrl}/api/runs/${runId}`)).json()) as { worldStatus: string };
    if (run.worldStatus !== 'cancelled') throw new Error(`run ${runId} is ${run.worldStatus}`);
    console.log(`round ${i + 1}: run cancelled ${toResponse.at(-1)!.toFixed(0)} ms after the click, chat ready at ${toReady.at(-1)!.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`median of ${rounds}: run cancelled ${median(toResponse).toFixed(0)} ms, chat ready ${median(toReady).toFixed(0)} ms`);
