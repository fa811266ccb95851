import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { AppServer } from '../testing/app-server';
import { ChatPage } from './pages/chat-page';

// The hardened web surface, in Chromium against a production server of its own: the headers
// on pages and API answers, a Content-Security-Policy the app lives with (no violations), a
// form on another site that cannot post, and an answer whose image never loads.

const server = new AppServer(3402, { DEMO_MODEL_DELAY_MS: '5', GUEST_SELF_APPROVAL_LIMIT_CENTS: '0' });

/** Another site: a pixel that counts who asks for it, and an attacker's page with a form. */
const OTHER_PORT = 3403;
let pixelHits = 0;
let attackerPage = '';
const otherSite: Server = createServer((request, response) => {
  if (request.url?.startsWith('/pixel.png')) {
    pixelHits += 1;
    response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('89504e470d0a1a0a', 'hex'));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage);
});

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await new Promise<void>((resolve) => otherSite.listen(OTHER_PORT, '127.0.0.1', resolve));
  await server.start();
});
test.afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => otherSite.close(resolve));
});

/** Every Content-Security-Policy violation the page reports, in the console or as an event. */
async function watchPolicyViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportPolicyViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportPolicyViolation(text: string): void }).reportPolicyViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  return violations;
}

test('pages and API answers carry the security headers', async ({ request }) => {
  const page = await request.get(`${server.url}/sign-in`);
  expect(page.status()).toBe(200);
  const policy = page.headers()['content-security-policy']!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("img-src 'self' data: blob:");
  expect(policy).not.toContain('unsafe-eval');
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await page.text()).toContain(`nonce="${nonce}"`); // Next put it on its scripts
  const second = await request.get(`${server.url}/sign-in`);
  expect(second.headers()['content-security-policy']).not.toContain(nonce); // one per response

  const api = await request.get(`${server.url}/api/health`);
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  for (const response of [page, api]) {
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers()['x-frame-options']).toBe('DENY');
  }
  const notAllowed = await request.put(`${server.url}/api/chat`, { data: {} });
  expect(notAllowed.status()).toBe(405);
  expect(notAllowed.headers()['allow']).toContain('POST');
  expect(await notAllowed.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
});

test('the app runs under its policy: sign-in, chat, approvals and runs with no violation', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const violations = await watchPolicyViolations(page);
  const chat = new ChatPage(page);
  await chat.openNewChat();
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith('session_token'))!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await chat.send('Where is order 1007?');
  await chat.waitForAnswerToFinish();
  await expect(chat.lastAnswer()).toContainText('Order #1007');
  const chatUrl = page.url();
  await chat.send('Refund $5 of order 1007');
  await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
  await page.reload();
  await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
  await page.goto('/approvals');
  await expect(page.getByText(/Refund \$5\.00/).first()).toBeVisible();
  await page.goto('/runs');
  await expect(page.locator('a[href^="/runs/wrun_"]').first()).toBeVisible();
  await page.goto(chatUrl);
  await page.getByRole('link', { name: 'View run' }).first().click();
  await expect(page).toHaveURL(/\/runs\/wrun_/);
  // A waiting run's page keeps a live connection open, so "network idle" never comes: wait
  // for the page to load and hydrate (the timeline's toggle works) instead.
  await page.waitForLoadState('load');
  await page.getByLabel(/Show technical steps/).check();
  await expect(page.getByTestId('timeline')).toBeVisible();
  expect(violations).toEqual([]);
  await context.close();
});

test('a form on another site cannot post to the API', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const chat = new ChatPage(await context.newPage());
  await chat.openNewChat();
  const chatId = randomUUID();
  // The classic trick: a text/plain form whose one field spells JSON. Another port of the same
  // host is the same site, so the SameSite=Lax cookie goes along: only the check stops it.
  const field = JSON.stringify({ id: chatId, message: { id: 'u_forged', role: 'user', parts: [{ type: 'text', text: 'Cancel order 1004' }] }, pad: '' }).slice(0, -2);
  attackerPage = `<form method="POST" action="${server.url}/api/chat" enctype="text/plain"><input name='${field}' value='"}'></form><script>document.forms[0].submit()</script>`;
  const attacker = await context.newPage();
  const posted = attacker.waitForResponse((response) => response.url() === `${server.url}/api/chat`);
  await attacker.goto(`http://127.0.0.1:${OTHER_PORT}/`);
  const response = await posted;
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
  expect((await chat.page.request.get(`/api/chats/${chatId}`)).status()).toBe(404);
  await context.close();
});

test('an answer with a remote image never asks for it', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const chat = new ChatPage(page);
  await chat.openNewChat();
  pixelHits = 0;
  await chat.send(`Add a note to order 1003: ![tracking](http://127.0.0.1:${OTHER_PORT}/pixel.png)`);
  await chat.waitForAnswerToFinish();
  const answer = chat.lastAnswer();
  await expect(answer.getByTestId('image-placeholder')).toHaveText('Image: tracking');
  await expect(answer.locator('img')).toHaveCount(0);
  await page.reload(); // the stored answer, rendered on the server
  await expect(chat.lastAnswer().getByTestId('image-placeholder')).toHaveText('Image: tracking');
  await page.waitForLoadState('networkidle');
  expect(pixelHits).toBe(0);
  await context.close();
});
