import { getEventListeners } from 'node:events';
import type { LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { answerFromResults, createDemoModel, DEMO_HELP_TEXT, planReply, planRounds, summarizeToolResult, wordDeltas } from './demo-model';

const user = (text: string): LanguageModelV3Prompt[number] => ({ role: 'user', content: [{ type: 'text', text }] });

async function collect(prompt: LanguageModelV3Prompt, delayMs = 0, abortSignal?: AbortSignal) {
  const { stream } = await createDemoModel({ delayMs }).doStream({ prompt, abortSignal });
  const parts: LanguageModelV3StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) parts.push(part);
  return parts;
}

describe('the demo model', () => {
  it.each([
    ['Where is order 1007?', { toolName: 'getOrder', input: { orderNumber: 1007 } }],
    ['status of #1012 please', { toolName: 'getOrder', input: { orderNumber: 1012 } }],
    ['Show shipped orders for Ada', { toolName: 'searchOrders', input: { customer: 'Ada', status: 'shipped' } }],
    ['orders of grace@example.com', { toolName: 'searchOrders', input: { customer: 'grace@example.com' } }],
    ['Which orders were canceled?', { toolName: 'searchOrders', input: { status: 'cancelled' } }],
    ['Show recent orders', { toolName: 'searchOrders', input: {} }],
    ['Who is customer grace@example.com?', { toolName: 'getCustomer', input: { email: 'grace@example.com' } }],
    ['Tell me about customer Alan Turing', { toolName: 'getCustomer', input: { name: 'Alan Turing' } }],
    ['Refund $42 of order 1007', { toolName: 'refundOrder', input: { orderNumber: 1007, amountCents: 4200 } }],
    ['Refund 12.50 dollars on #1010', { toolName: 'refundOrder', input: { orderNumber: 1010, amountCents: 1250 } }],
    [
      'Refund all of order 1007 because it arrived broken.',
      { toolName: 'refundOrder', input: { orderNumber: 1007, reason: 'it arrived broken' } },
    ],
    ['Please cancel order 1004', { toolName: 'cancelOrder', input: { orderNumber: 1004 } }],
    [
      'Add a note to order 1003: call back on Monday',
      { toolName: 'addOrderNote', input: { orderNumber: 1003, note: 'call back on Monday' } },
    ],
    [
      'Change the shipping address of order 1003 to 5 Elm Rd, Leeds',
      { toolName: 'updateShippingAddress', input: { orderNumber: 1003, address: '5 Elm Rd, Leeds' } },
    ],
  ])('plans a tool call for "%s"', (text, call) => {
    expect(planReply(text)).toEqual({ kind: 'tool', call });
  });

  it('says what it can do when the message names nothing it can look up', () => {
    expect(planReply('hello there')).toEqual({ kind: 'text', text: DEMO_HELP_TEXT });
  });

  it('streams a tool call, with the same id when the same prompt is asked again', async () => {
    const prompt = [user('Where is order 1007?')];
    const parts = await collect(prompt);
    const call = parts.find((p) => p.type === 'tool-call');
    expect(call).toMatchObject({ toolName: 'getOrder', input: '{"orderNumber":1007}' });
    expect((await collect(prompt)).find((p) => p.type === 'tool-call')).toEqual(call);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls' } });
  });

  it('answers a tool result in text, streamed word by word with nothing lost', async () => {
    const order = {
      number: 1007,
      status: 'shipped',
      totalCents: 4200,
      currency: 'USD',
      placedAt: '2026-01-14T09:00:00.000Z',
      shippingAddress: '1 Mill Lane, Stanford',
      customer: { name: 'Donald Knuth', email: 'donald@example.com' },
      items: [{ name: 'Tote bag', quantity: 2, unitPriceCents: 2100 }],
    };
    const prompt: LanguageModelV3Prompt = [
      user('Where is order 1007?'),
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'getOrder', input: { orderNumber: 1007 } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'getOrder', output: { type: 'json', value: order } }] },
    ];
    const parts = await collect(prompt);
    const deltas = parts.filter((p) => p.type === 'text-delta').map((p) => p.delta);
    expect(deltas.length).toBeGreaterThan(10);
    const text = deltas.join('');
    expect(text).toBe(summarizeToolResult('getOrder', { orderNumber: 1007 }, order));
    expect(text).toContain('It has **shipped**');
    expect(text).toContain('- 2 × Tote bag ($21.00 each)');
    expect(text).toContain('Total: **$42.00**');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });

  const order = (number: number, placedAt = '2026-01-14T09:00:00.000Z', totalCents = 100) => ({
    number,
    status: 'paid',
    totalCents,
    currency: 'USD',
    placedAt,
    shippingAddress: 'Here',
    customer: { name: 'A', email: 'a@example.com' },
    items: [{ name: 'Mug', quantity: 2, unitPriceCents: 50 }],
  });

  /** Runs the model as the agent would: each step's calls answered by `tools`, until it writes text. */
  async function converse(text: string, tools: (name: string, input: Record<string, unknown>) => unknown) {
    const prompt: LanguageModelV3Prompt = [user(text)];
    const steps: { toolName: string; input: Record<string, unknown> }[][] = [];
    for (;;) {
      const parts = await collect(prompt);
      const calls = parts.filter((p) => p.type === 'tool-call') as { toolCallId: string; toolName: string; input: string }[];
      if (calls.length === 0) return { steps, answer: parts.filter((p) => p.type === 'text-delta').map((p) => p.delta).join('') };
      expect(new Set(calls.map((c) => c.toolCallId)).size).toBe(calls.length);
      steps.push(calls.map((c) => ({ toolName: c.toolName, input: JSON.parse(c.input) })));
      prompt.push(
        { role: 'assistant', content: calls.map((c) => ({ type: 'tool-call' as const, toolCallId: c.toolCallId, toolName: c.toolName, input: JSON.parse(c.input) })) },
        {
          role: 'tool',
          content: calls.map((c) => ({
            type: 'tool-result' as const,
            toolCallId: c.toolCallId,
            toolName: c.toolName,
            output: { type: 'json' as const, value: tools(c.toolName, JSON.parse(c.input)) as never },
          })),
        },
      );
    }
  }

  it('compares several orders with one lookup each in a single step, then answers side by side', async () => {
    const { steps, answer } = await converse('Compare orders 1001, 1002 and 1005', (_, input) =>
      order(Number(input.orderNumber), `2026-01-0${Number(input.orderNumber) - 1000}T09:00:00.000Z`, Number(input.orderNumber) * 10),
    );
    expect(steps).toEqual([[1001, 1002, 1005].map((orderNumber) => ({ toolName: 'getOrder', input: { orderNumber } }))]);
    expect(answer).toContain('| #1002 | A | paid | 2 | $100.20 |');
    expect(answer).toContain('The largest is **#1005** ($100.50); the newest is **#1005**.');
    expect(answer.match(/Order \*\*#100[125]\*\*/g)).toHaveLength(3);
  });

  it('looks several orders up one step at a time when asked to go one by one', async () => {
    const { steps } = await converse('Look up orders 1001, 1002 and 1003 one by one', (_, input) => order(Number(input.orderNumber)));
    expect(steps).toEqual([1001, 1002, 1003].map((orderNumber) => [{ toolName: 'getOrder', input: { orderNumber } }]));
  });

  it('asks for one refund per order, in parallel, and says what became of each', async () => {
    const { steps, answer } = await converse('Refund $5 of orders 1003 and 1007', (_, input) => ({
      status: input.orderNumber === 1003 ? 'done' : 'rejected',
      result: { amountCents: 500, remainingCents: 1000, currency: 'USD' },
      approval: { status: 'approved', decidedBy: { id: 'u', name: 'Ada' }, reason: null },
    }));
    expect(steps).toEqual([
      [
        { toolName: 'refundOrder', input: { orderNumber: 1003, amountCents: 500 } },
        { toolName: 'refundOrder', input: { orderNumber: 1007, amountCents: 500 } },
      ],
    ]);
    expect(answer).toContain('Refunded **$5.00** for order **#1003** (approved by Ada).');
    expect(answer).toContain('The refund of order **#1007** was not made: Ada rejected it');
  });

  it("finds a customer's latest order from a search, then looks it up", async () => {
    const { steps, answer } = await converse('What did Ada order, and where is her latest order?', (name, input) =>
      name === 'searchOrders'
        ? { orders: [order(1003, '2026-01-03T09:00:00.000Z'), order(1011, '2026-02-11T09:00:00.000Z'), order(1007)].map((o) => ({ ...o, customer: { name: 'Ada' } })) }
        : order(Number(input.orderNumber), '2026-02-11T09:00:00.000Z'),
    );
    expect(steps).toEqual([[{ toolName: 'searchOrders', input: { customer: 'Ada' } }], [{ toolName: 'getOrder', input: { orderNumber: 1011 } }]]);
    expect(answer).toContain('I found 3 orders for "Ada"');
    expect(answer).toContain('Order **#1011**');
  });

  it('answers a customer with no orders after the search alone', async () => {
    const { steps, answer } = await converse("Where is Zed's latest order?", () => ({ orders: [] }));
    expect(steps).toHaveLength(1);
    expect(answer).toBe('I found no orders for "Zed".');
  });

  it('plans ten lookups in one step, or ten steps one by one', () => {
    const ten = Array.from({ length: 10 }, (_, i) => 1001 + i).join(', ');
    expect(planRounds(`Compare orders ${ten}`)).toHaveLength(1);
    expect(planRounds(`Compare orders ${ten}`)[0]!([])).toHaveLength(10);
    expect(planRounds(`Look up orders ${ten} one after another`)).toHaveLength(10);
    expect(answerFromResults([])).toBe('');
  });

  it('explains a failed tool', () => {
    expect(summarizeToolResult('getOrder', {}, { error: 'Order #9999 does not exist.' })).toBe(
      "Sorry, I couldn't look up that order: Order #9999 does not exist.",
    );
    expect(summarizeToolResult('searchOrders', { status: 'paid', customer: 'Zed' }, { orders: [] })).toBe(
      'I found no paid orders for "Zed".',
    );
  });

  it('says what became of a refund or a cancellation', () => {
    const approval = { status: 'approved', decidedBy: { id: 'u', name: 'Guest 7F3A' }, reason: null };
    const refund = { amountCents: 4200, remainingCents: 800, currency: 'USD' };
    expect(summarizeToolResult('refundOrder', { orderNumber: 1007 }, { status: 'done', result: refund, approval })).toBe(
      'Refunded **$42.00** for order **#1007** (approved by Guest 7F3A). $8.00 is left to refund.',
    );
    expect(
      summarizeToolResult('refundOrder', { orderNumber: 1007 }, { status: 'rejected', approval: { ...approval, status: 'rejected', reason: 'No' } }),
    ).toBe('The refund of order **#1007** was not made: Guest 7F3A rejected it: "No".');
    expect(summarizeToolResult('cancelOrder', { orderNumber: 1004 }, { status: 'expired', approval: null })).toBe(
      'The cancellation request for order **#1004** expired before anyone decided, so nothing changed.',
    );
    expect(summarizeToolResult('cancelOrder', { orderNumber: 1004 }, { status: 'refused', reason: 'It shipped.' })).toBe(
      "I can't do that: It shipped.",
    );
    expect(
      summarizeToolResult('cancelOrder', { orderNumber: 1004 }, { status: 'done', result: { refund: { amountCents: 8100, currency: 'USD' } }, approval: null }),
    ).toBe('Order **#1004** is cancelled and **$81.00** was refunded.');
  });

  it('waits DEMO_MODEL_DELAY_MS between words', async () => {
    const started = Date.now();
    await collect([user('hello')], 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * wordDeltas(DEMO_HELP_TEXT).length - 10);
  });

  it('leaves no listener on the call\'s abort signal once a word is out (no MaxListenersExceededWarning)', async () => {
    const controller = new AbortController();
    await collect([user('hello')], 1, controller.signal);
    expect(wordDeltas(DEMO_HELP_TEXT).length).toBeGreaterThan(10);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops at once when the call is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopped')), 20);
    await expect(collect([user('hello')], 5, controller.signal)).rejects.toThrow('stopped');
  });

  it('splits text into deltas that join back to the text', () => {
    const text = 'One  two\nthree **four**\n\n- five';
    expect(wordDeltas(text).join('')).toBe(text);
  });
});
