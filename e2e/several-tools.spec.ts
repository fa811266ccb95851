import { expect, test } from '@playwright/test';
import { ChatPage } from './pages/chat-page';

// Turns that call several tools: in parallel in one model step, one after the other when a
// call needs the result before it, and two approvals pending at once. Orders 1015 and 1021
// (delivered, so refundable) are refunded by no other browser test.

test.describe('turns with several tool calls', () => {
  test('compares three orders looked up at once, and the run names each lookup', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Compare orders 1001, 1002 and 1005');
    await chat.waitForAnswerToFinish();
    const calls = chat.lastAnswer().getByTestId('tool-call');
    await expect(calls.getByTestId('tool-call-summary')).toHaveText(['Look up order #1001', 'Look up order #1002', 'Look up order #1005']);
    for (const call of await calls.all()) await expect(call).toHaveAttribute('data-state', 'done');
    const table = chat.lastAnswer().getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(4); // the header and one row per order
    await expect(chat.lastAnswer()).toContainText('The largest is #');

    await page.getByRole('link', { name: 'View run' }).last().click();
    const labels = page.getByTestId('timeline').getByTestId('timeline-label');
    for (const order of [1001, 1002, 1005]) await expect(labels.filter({ hasText: `Looked up order #${order}` })).toHaveCount(1);
    // One model call chose all three lookups, one more wrote the answer.
    await expect(labels.filter({ hasText: 'Chose what to do next' })).toHaveCount(1);
  });

  test("searches a customer's orders, then looks up the newest", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send("Where is Ada's latest order?");
    await chat.waitForAnswerToFinish();
    const calls = chat.lastAnswer().getByTestId('tool-call');
    await expect(calls).toHaveCount(2);
    await expect(calls.first()).toHaveAttribute('data-tool', 'searchOrders');
    await expect(calls.last()).toHaveAttribute('data-tool', 'getOrder');
    await expect(chat.lastAnswer()).toContainText(/I found \d+ orders? for "Ada"/);
    await expect(chat.lastAnswer()).toContainText(/Order #\d+ for Ada Lovelace/);
  });

  test('two refunds wait for two decisions; each is decided on its own card, and the answer says what became of each', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.openNewChat();
    await chat.send('Refund $3 of orders 1015 and 1021');
    const cards = chat.lastAnswer().getByTestId('approval-card');
    await expect(cards).toHaveCount(2);
    for (const card of await cards.all()) await expect(card).toHaveAttribute('data-status', 'pending');
    await expect(cards.first()).toContainText('order #1015');
    await expect(cards.last()).toContainText('order #1021');
    // Named in the order of their cards.
    await expect(page.getByTestId('composer-status')).toContainText(/Waiting for 2 decisions above: Refund \$3\.00 .*order #1015 and Refund \$3\.00 .*order #1021\./);
    await expect(chat.composer).toBeEditable();

    // A reload in between keeps both cards and what each is waiting for.
    await cards.first().getByRole('button', { name: 'Approve' }).click();
    await expect(cards.first()).toHaveAttribute('data-status', 'approved');
    await page.reload();
    await expect(cards.first()).toHaveAttribute('data-status', 'approved');
    await expect(cards.last()).toHaveAttribute('data-status', 'pending');
    await expect(page.getByTestId('composer-status')).toContainText('Waiting for a decision above: Refund $3.00');

    await cards.last().getByRole('textbox', { name: 'Reason (optional)' }).fill('Already refunded by phone');
    await cards.last().getByRole('button', { name: 'Reject' }).click();
    await chat.waitForAnswerToFinish();
    await expect(chat.lastAnswer()).toContainText('Refunded $3.00 for order #1015');
    await expect(chat.lastAnswer()).toContainText('The refund of order #1021 was not made');
    const calls = chat.lastAnswer().getByTestId('tool-call');
    await expect(calls.first()).toHaveAttribute('data-state', 'done');
    await expect(calls.last()).toHaveAttribute('data-state', 'rejected');
    // The run names each check and each wait apart.
    await page.getByRole('link', { name: 'View run' }).last().click();
    const labels = page.getByTestId('timeline').getByTestId('timeline-label');
    await expect(labels.filter({ hasText: 'Checked the refund of order #1015 against the rules' })).toHaveCount(1);
    await expect(labels.filter({ hasText: 'Checked the refund of order #1021 against the rules' })).toHaveCount(1);
    await expect(labels.filter({ hasText: /^Waited .* for your approval$/ })).toHaveCount(1);
    await expect(labels.filter({ hasText: /^Waited .*; you rejected it$/ })).toHaveCount(1);
    await page.goBack();
    expect(await chat.lookUpOrder(1015)).toContain('Refunded so far: $3.00.');
    expect(await chat.lookUpOrder(1021)).not.toContain('Refunded so far');
  });
});
