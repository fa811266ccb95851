import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

test.describe('reviewing runs', () => {
  test('the run list shows running, waiting, completed, failed and cancelled runs', async ({ page }) => {
    const chat = new ChatPage(page);
    const runs = page.getByTestId('run-row');

    await chat.openNewChat();
    await chat.send('Where is order 1002?');
    await chat.waitForAnswerToFinish();

    await chat.openNewChat();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'fake-model (127.0.0.1:3199)' });
    await chat.send('This one will fail, on purpose');
    await expect(chat.errorBanner).toBeVisible();

    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('stopped-note')).toBeVisible();

    await chat.openNewChat();
    await chat.send('Refund $1 of order 1012');
    await expect(chat.approvalCard()).toHaveAttribute('data-status', 'pending');
    const waitingChat = page.url();

    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders');

    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await expect(runs.first().getByTestId('run-status')).toHaveAttribute('data-status', 'running');
    await expect(runs.getByTestId('run-status')).toHaveText(['Running', 'Waiting for approval', 'Stopped', 'Failed', 'Completed'], {
      useInnerText: true,
    });
    // The running row finishes while we look.
    await expect(runs.first().getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    await expect(runs.first()).toContainText('2 model · 1 tool');

    await page.getByLabel('Status').selectOption('Failed');
    await expect(runs).toHaveCount(1);
    await expect(runs.first()).toContainText('This one will fail, on purpose');

    await page.goto(waitingChat);
    await chat.reject();
    await chat.waitForAnswerToFinish();
  });

  test('Stop ends a slow answer within a second, keeps it after a reload, and the next message works', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders');
    const chatId = await chat.chatId();

    const clicked = Date.now();
    const stored = page.waitForResponse((response) => response.url().endsWith(`/api/chat/${chatId}/stop`));
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('stopped-note')).toBeVisible();
    await expect(chat.composer).toBeEditable();
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect((await stored).status()).toBe(200);
    // What the server stored replaces what was on screen at the click: wait until it settles.
    const settled = async () => {
      const before = await chat.lastAnswer().innerText();
      await page.waitForTimeout(250);
      return before === (await chat.lastAnswer().innerText()) ? before : null;
    };
    await expect.poll(settled).not.toBeNull();
    const partial = await chat.lastAnswer().innerText();
    expect(partial).not.toContain('#1001'); // the tenth order line never came

    const runLink = chat.page.getByRole('link', { name: 'View run' }).last();
    const runId = (await runLink.getAttribute('href'))!.split('/').pop()!;
    const run = await page.request.get(`/api/runs/${runId}`);
    expect(((await run.json()) as { worldStatus: string; run: { status: string } })).toMatchObject({
      worldStatus: 'cancelled',
      run: { status: 'cancelled' },
    });

    await page.reload();
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('stopped-note')).toBeVisible();
    expect(await chat.lastAnswer().innerText()).toBe(partial);

    await chat.send('Where is order 1003?');
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Order #1003');
    expect(page.url()).toContain(chatId);
  });
});

test('a run page shows a retried step with both attempts, and the approval with who decided', async ({ browser }) => {
  // One planned outage of the payment provider: the refund step fails once, then succeeds.
  const server = new AppServer(3110, { DEMO_MODEL_DELAY_MS: '0', FAULT_PLAN: '{"paymentUnavailable":1}' });
  await server.start();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Refund $4 of order 1005');
    await chat.approve('Damaged in transit');
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Refunded $4.00 for order #1005');

    await chat.page.getByRole('link', { name: 'View run' }).last().click();
    const timeline = chat.page.getByTestId('timeline');
    // Steps read as what they did; their technical names are in their details.
    await expect(timeline.getByTestId('timeline-label')).toContainText(['Read the chat so far', 'Chose what to do next', 'Checked the refund of order #1005 against the rules']);
    const refund = timeline.getByTestId('timeline-item').filter({ hasText: 'Refunded $4.00 of order #1005' });
    await expect(refund.getByTestId('attempt-count')).toHaveText('2 attempts');
    await refund.locator('summary').first().click();
    await expect(refund.getByTestId('attempt')).toHaveCount(2);
    await expect(refund.getByTestId('attempt').first()).toHaveAttribute('data-outcome', 'retrying');
    await expect(refund.getByTestId('attempt').first()).toContainText('The payment provider is temporarily unavailable (503).');
    await expect(refund.getByTestId('attempt').first()).toContainText(/retried after \d/);
    await expect(refund.getByTestId('attempt').last()).toHaveAttribute('data-outcome', 'completed');
    await expect(refund.getByTestId('effect')).toContainText('Effect committed once under idempotency key step_');
    await expect(refund).toContainText('refundThroughProvider');

    const approval = timeline.getByTestId('timeline-item').filter({ hasText: /^Waited [\d.]+ (ms|s) for your approval/ });
    await approval.locator('summary').first().click();
    await expect(approval.getByTestId('approval-decision')).toContainText(/Approved by you at .*: “Damaged in transit”/);
    // The plumbing and the ids are one click away, not in the way.
    const plumbing = timeline.getByTestId('timeline-label').filter({ hasText: 'Stream tool results' });
    await expect(plumbing).toHaveCount(0);
    await chat.page.getByLabel(/Show technical steps/).check();
    await expect(plumbing).toHaveCount(1);
    await expect(chat.page.getByTestId('run-id')).toBeHidden();
    await chat.page.getByTestId('run-details').locator('summary').first().click();
    await expect(chat.page.getByTestId('run-id')).toHaveText(/^wrun_/);
    await expect(chat.page.getByTestId('model-calls').locator('tbody tr')).toHaveCount(3); // two calls and the total
    await expect(chat.page.getByTestId('replay-position')).toHaveText(/chunk (\d+) of \1/);
    // The replay goes to any chunk: the start shows nothing yet, the end the whole answer.
    const replay = chat.page.getByTestId('replay');
    await replay.getByRole('slider', { name: 'Chunk' }).press('Home');
    await expect(chat.page.getByTestId('replay-position')).toHaveText(/^chunk 0 of \d+$/);
    await expect(replay).toContainText('Nothing shown yet at this point.');
    // Step forward: the approval appears undecided, and its decision only at the moment it was made.
    const slider = replay.getByRole('slider', { name: 'Chunk' });
    // One chunk at a time, each time waiting until the frame shows that chunk (folding is asynchronous).
    const frame = replay.getByTestId('replay-frame');
    for (let at = 1; (await replay.getByTestId('approval-card').count()) === 0; at += 1) {
      await slider.press('ArrowRight');
      await expect(frame).toHaveAttribute('data-at', String(at));
    }
    await expect(replay.getByTestId('approval-card')).toHaveAttribute('data-status', 'pending');
    await expect(replay.getByTestId('approval-card')).toContainText('Waiting for a decision at this point of the run');
    await expect(replay.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await slider.press('End');
    await expect(replay.getByTestId('approval-card')).toHaveAttribute('data-status', 'approved');
    await expect(replay).toContainText('Refunded $4.00 for order #1005');
  } finally {
    await context.close();
    await server.kill();
  }
});
