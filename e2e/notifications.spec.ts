import { expect, test, type Browser } from '@playwright/test';
import { personAt as openPerson } from './pages/chat-page';
import { AppServer } from '../testing/app-server';
import { WebhookReceiver } from '../testing/webhook-receiver';

// Approval notifications on a production server of their own: webhooks to a local receiver
// (which verifies signatures and processes each delivery id once), a server killed right
// after the receiver took a delivery, and the approvers' sidebar count following live.

test.describe.configure({ mode: 'serial' });

const SECRET = 'e2e-webhook-secret-long-enough';
const receiver = new WebhookReceiver(SECRET);
const killAfterSend = JSON.stringify({ crashAt: { afterNotificationSent: 1 }, crashByKill: true });
let server: AppServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await receiver.start();
  server = new AppServer(3471, {
    DEMO_MODEL_DELAY_MS: '0',
    NOTIFY_WEBHOOK_URLS: receiver.url,
    NOTIFY_WEBHOOK_SECRET: SECRET,
    FAULT_PLAN: killAfterSend,
  });
  await server.start();
});
test.afterAll(async () => {
  await server.stop(); // SIGTERM reaches the next-server child; a SIGKILL of its parent would leave it running
  await receiver.close();
});

const personAt = (browser: Browser, email?: string) => openPerson(browser, server.url, email);

const deliveriesOf = (event: string) => receiver.received.filter((r) => r.event === event);

test('a delivery the receiver took just before the server died is sent again under its id, and processed once', async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, chat } = await personAt(browser);
  try {
    await chat.send('Refund $7 of order 1007');
    // The receiver answers 200; the server dies before it writes down that it delivered.
    await expect.poll(() => fetch(`${server.url}/api/health`).then(() => 'up', () => 'down'), { timeout: 30_000 }).toBe('down');
    expect(deliveriesOf('approval.requested')).toHaveLength(1);
    server.setEnv({ FAULT_PLAN: '' });
    await server.start();
    await expect.poll(() => deliveriesOf('approval.requested').length, { timeout: 30_000 }).toBe(2);
    const [first, again] = deliveriesOf('approval.requested');
    expect(again!.deliveryId).toBe(first!.deliveryId);
    expect([first!.verified, again!.verified]).toEqual([true, true]);
    expect(again!.duplicate).toBe(true);
    expect(receiver.processed.filter((id) => id === first!.deliveryId)).toHaveLength(1);

    // The turn goes on: the request is decided in the chat, and that is sent once too.
    await chat.page.reload();
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending', { timeout: 30_000 });
    await chat.approve();
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Refunded $7.00 for order #1007');
    await expect.poll(() => deliveriesOf('approval.decided').length, { timeout: 15_000 }).toBe(1);
  } catch (error) {
    console.log(server.log.slice(-6000)); // what the server said, for whoever reads the failure
    throw error;
  } finally {
    await context.close();
  }
});

test('an approver’s sidebar count follows a request and its decision within about a second', async ({ browser }) => {
  test.setTimeout(90_000);
  const agent = await personAt(browser, 'agent@demo.store');
  const approver = await personAt(browser, 'approver@demo.store');
  const count = approver.page.getByTestId('approvals-count');
  try {
    await expect(count).toHaveCount(0);
    await agent.chat.send('Refund $30 of order 1007');
    await expect(agent.chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    // Well under the 15 s fallback poll: the server's change event brought it.
    await expect(count).toHaveText('1', { timeout: 2_000 });

    // The webhook goes out from its own run, possibly a moment after the count moved.
    type Requested = { approval: { id: string; action: string; approversOnly: boolean; deciders: string[]; amount: { formatted: string } } };
    const thisRequest = () =>
      deliveriesOf('approval.requested')
        .map((delivery) => JSON.parse(delivery.body) as Requested)
        .find((requested) => requested.approval.amount.formatted === '$30.00');
    await expect.poll(thisRequest, { timeout: 15_000 }).toBeDefined();
    const body = thisRequest()!;
    expect(body.approval).toMatchObject({ approversOnly: true, deciders: ['Alex Admin', 'Sam Supervisor'], amount: { formatted: '$30.00' } });
    expect(body.approval.action).toMatch(/^Refund \$30\.00 to .+ for order #1007$/);

    const decided = await approver.context.request.post(`/api/approvals/${body.approval.id}`, { data: { decision: 'reject', reason: 'not this one' } });
    expect(decided.status()).toBe(200);
    await expect(count).toHaveCount(0, { timeout: 2_000 });
    await agent.chat.waitForAnswerToFinish();
  } finally {
    await agent.context.close();
    await approver.context.close();
  }
});
