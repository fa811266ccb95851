import { expect, test, type Browser } from '@playwright/test';
import { personAt as openPerson } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

// People with accounts and roles, on a server of their own with the real limits (an agent
// approves refunds up to $25 of their own, a guest up to $10) and the demo people seeded as
// the quick start does: Ada Agent, Sam Supervisor (approver), Alex Admin.

const server = new AppServer(Number(process.env.PEOPLE_E2E_PORT ?? 3125), { DEMO_MODEL_DELAY_MS: '10', GUEST_MESSAGES_PER_HOUR: '3' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await server.start();
});
test.afterAll(() => server.stop());

const personAt = (browser: Browser, email?: string) => openPerson(browser, server.url, email);

test('someone signs up, is an agent, signs out and back in', async ({ browser }) => {
  const { context, page, chat } = await personAt(browser);
  await page.getByRole('link', { name: 'Create an account to keep your chats' }).click();
  const email = `grace-${Date.now()}@example.test`;
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill('a compiler of my own');
  await page.getByRole('button', { name: 'Create account' }).click();
  await chat.waitForNewChat();
  await expect(page.getByTestId('account-name')).toHaveText('Grace Hopper');
  await expect(page.getByTestId('account-role')).toHaveText('Agent');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email); // a typo in the password costs only the password
  await page.getByLabel('Password').fill('a compiler of my own');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await chat.waitForNewChat();
  await expect(page.getByTestId('account-name')).toHaveText('Grace Hopper');
  await context.close();
});

test('a guest who signs up keeps their chats', async ({ browser }) => {
  const { context, page, chat } = await personAt(browser);
  await chat.send('Where is order 1003?');
  await chat.waitForAnswerToFinish();
  const chatId = await chat.chatId();
  await page.getByRole('link', { name: 'Create an account to keep your chats' }).click();
  await expect(page.getByText('You are a guest: your chats move to the new account.')).toBeVisible();
  await page.getByLabel('Name').fill('Katherine Johnson');
  await page.getByLabel('Email').fill(`katherine-${Date.now()}@example.test`);
  await page.getByLabel(/^Password/).fill('orbital mechanics');
  await page.getByRole('button', { name: 'Create account' }).click();
  await chat.waitForNewChat();
  await expect(page.getByTestId('account-role')).toHaveText('Agent');
  await page.goto(`/chat/${chatId}`);
  await expect(chat.lastAnswer()).toContainText('Order #1003');
  await context.close();
});

test('two people: an agent asks for a refund above their limit, an approver decides it, the agent sees it live', async ({ browser }) => {
  const agent = await personAt(browser, 'agent@demo.store');
  const approver = await personAt(browser, 'approver@demo.store');
  await expect(approver.page.getByTestId('account-role')).toHaveText('Approver');

  await agent.chat.send('Refund $40 of order 1007');
  const card = agent.chat.approvalCard();
  await expect(card).toHaveAttribute('data-status', 'pending');
  await expect(card.getByTestId('approval-waiting-for')).toContainText('Above your limit: an approver must decide it. Sent to Alex Admin, Sam Supervisor');
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // The approver hears of it in the sidebar without opening anything, then decides from the inbox.
  await expect(approver.page.getByTestId('approvals-count')).toHaveText(/^[1-9]\d*$/, { timeout: 10_000 });
  await approver.page.getByRole('link', { name: /Approvals/ }).click();
  const item = approver.page.getByTestId('waiting-for-me').getByTestId('inbox-item').filter({ hasText: 'Refund $40.00' });
  await expect(item.getByTestId('inbox-requester')).toHaveText('Asked by Ada Agent');
  await item.getByRole('textbox', { name: 'Reason (optional)' }).fill('customer is right');
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(item).toContainText('Approved by you');

  // The agent's chat moves on by itself.
  await agent.chat.waitForAnswerToFinish();
  await expect(card).toHaveAttribute('data-status', 'approved');
  await expect(card).toContainText('Approved by Sam Supervisor');
  await expect(agent.chat.lastAnswer()).toContainText('Refunded $40.00 for order #1007 (approved by Sam Supervisor)');

  // The decision is in the audit record, which the agent may not see.
  await approver.page.goto('/audit');
  await expect(approver.page.getByTestId('audit-row').filter({ hasText: 'Approved' }).first()).toContainText('you');
  await agent.page.goto('/audit');
  await expect(agent.page.getByRole('alert').filter({ hasText: 'Only approvers and admins can see the audit record.' })).toBeVisible();
  await expect(agent.page.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await agent.context.close();
  await approver.context.close();
});

test('only an admin sees people and gives roles', async ({ browser }) => {
  const agent = await personAt(browser, 'agent@demo.store');
  await agent.page.goto('/admin/people');
  await expect(agent.page.getByRole('alert').filter({ hasText: 'Only an admin can see people and change their roles.' })).toBeVisible();
  await agent.context.close();

  const admin = await personAt(browser, 'admin@demo.store');
  await admin.page.getByRole('link', { name: 'People and roles' }).click();
  await expect(admin.page.getByRole('combobox', { name: 'Role of Alex Admin' })).toBeDisabled();
  const sam = admin.page.getByRole('combobox', { name: 'Role of Sam Supervisor' });
  await expect(sam).toHaveValue('approver');
  await sam.selectOption('admin');
  await expect(admin.page.getByRole('status')).toHaveText('Sam Supervisor is now an admin.');
  await sam.selectOption('approver');
  await expect(admin.page.getByRole('status')).toHaveText('Sam Supervisor is now an approver.');
  await admin.context.close();
});

test('a guest past their hourly messages is told so in the chat, with when to try again', async ({ browser }) => {
  const { context, chat } = await personAt(browser);
  for (const order of [1001, 1002, 1004]) {
    await chat.send(`Where is order ${order}?`);
    await chat.waitForAnswerToFinish();
  }
  await chat.send('Where is order 1005?');
  await expect(chat.errorBanner).toContainText('You have sent 3 messages in the last hour, the limit for guests. Try again in');
  await context.close();
});
