import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { formatDate, formatMoney } from '@/lib/format';
import { isToolFailure } from '@/tools/define';

/**
 * The offline demo model: a deterministic LanguageModelV3 that needs no network.
 * It reads the newest user message, calls the store's tools when the message names an
 * order, a customer or a search (several at once when it names several orders, one after
 * the other when a call needs the result of the one before), then summarises the results
 * in prose. It streams word by word, `delayMs` apart, so a page can be reloaded in the
 * middle of an answer.
 */
export interface DemoModelOptions {
  delayMs: number;
}

export const DEMO_MODEL_ID = 'demo';

type ToolCallPlan = { toolName: string; input: Record<string, unknown> };
type Plan = { kind: 'text'; text: string } | { kind: 'tool'; call: ToolCallPlan };
/** What one model step answers: text, or tool calls that run in parallel. */
type StepReply = { kind: 'text'; text: string } | { kind: 'tools'; calls: ToolCallPlan[] };
type ToolResult = { toolName: string; input: Json; output: unknown };
/** One model step's tool calls, chosen from the results of the steps before it. */
type Round = (results: ToolResult[]) => ToolCallPlan[];

const ORDER_STATUS_WORDS: Record<string, string> = {
  paid: 'paid',
  unshipped: 'paid',
  shipped: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export const DEMO_HELP_TEXT =
  "I'm the store's support assistant (running on the offline demo model). I can look up an order by its number " +
  '(try **"Where is order 1007?"**), search orders by customer or status (**"Show shipped orders for Ada"**), ' +
  'pull up a customer (**"Who is customer grace@example.com?"**), add a note or change the address of an order, ' +
  'and refund or cancel orders once you approve (**"Refund $20 of order 1007"**, **"Cancel order 1004"**). ' +
  'I can work on several orders at once (**"Compare orders 1001, 1002 and 1005"**, **"Refund $5 of orders 1003 and 1007"**) ' +
  'and follow one step with the next (**"What did Ada order, and where is her latest order?"**).';

/** An action on an order the message asks for (refund, cancel, note, address), if any. */
function planOrderAction(text: string, orderNumber: number): ToolCallPlan | null {
  const reason = /\bbecause\s+(.+?)[.!]?$/i.exec(text)?.[1];
  if (/\brefund\b/i.test(text)) {
    const amount = /\$\s?(\d+(?:\.\d{1,2})?)/.exec(text)?.[1] ?? /\b(\d+(?:\.\d{1,2})?)\s*(?:dollars|usd)\b/i.exec(text)?.[1];
    return {
      toolName: 'refundOrder',
      input: { orderNumber, ...(amount ? { amountCents: Math.round(Number(amount) * 100) } : {}), ...(reason ? { reason } : {}) },
    };
  }
  if (/\bcancel\b/i.test(text)) return { toolName: 'cancelOrder', input: { orderNumber, ...(reason ? { reason } : {}) } };
  if (/\bnote\b/i.test(text)) {
    const note =
      /["“](.+?)["”]/.exec(text)?.[1] ?? /(?::|\bsaying\b|\bthat says\b)\s*(.+)$/i.exec(text)?.[1] ?? 'Customer contacted support.';
    return { toolName: 'addOrderNote', input: { orderNumber, note: note.trim() } };
  }
  if (/\baddress\b/i.test(text) && /\b(change|update|set|correct|move|ship)\b/i.test(text)) {
    const address = /\bto\s+(.+?)[.!]?$/i.exec(text.slice(text.search(/\baddress\b/i)))?.[1];
    if (address) return { toolName: 'updateShippingAddress', input: { orderNumber, address: address.trim() } };
  }
  return null;
}

/** Decides what to do with the newest user message. Exported for tests. */
export function planReply(userText: string): Plan {
  const text = userText.trim();
  const orderNumber = /(?:#|\border\s*(?:number|no\.?)?\s*#?\s*)(\d{3,7})\b/i.exec(text)?.[1] ?? /\b(1\d{3})\b/.exec(text)?.[1];
  if (orderNumber) {
    const action = planOrderAction(text, Number(orderNumber));
    return { kind: 'tool', call: action ?? { toolName: 'getOrder', input: { orderNumber: Number(orderNumber) } } };
  }

  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0];
  const name =
    /\bcustomer\s+(?:named\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)/.exec(text)?.[1] ??
    /\b(?:for|of|by|from|about)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)/.exec(text)?.[1] ??
    /\b([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)'s\b/.exec(text)?.[1] ??
    /\bdid\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+(?:order|buy|purchase)/.exec(text)?.[1];
  const statusWord = Object.keys(ORDER_STATUS_WORDS).find((word) => new RegExp(`\\b${word}\\b`, 'i').test(text));
  const status = statusWord ? ORDER_STATUS_WORDS[statusWord] : undefined;
  const wantsOrders = /\border(s)?\b|\bpurchases?\b|\bbought\b/i.test(text);
  const wantsCustomer = /\b(who is|who's|customer|profile|account|details|contact)\b/i.test(text);
  const who = email ?? name;

  if (who && wantsCustomer && !wantsOrders && !status) {
    return { kind: 'tool', call: { toolName: 'getCustomer', input: email ? { email } : { name } } };
  }
  if (who || status) {
    return {
      kind: 'tool',
      call: { toolName: 'searchOrders', input: { ...(who ? { customer: who } : {}), ...(status ? { status } : {}) } },
    };
  }
  if (/\b(search|find|list|show|recent|latest)\b/i.test(text) && wantsOrders) {
    return { kind: 'tool', call: { toolName: 'searchOrders', input: {} } };
  }
  return { kind: 'text', text: DEMO_HELP_TEXT };
}

/** "… one by one", "… one after another", "… in turn": look the orders up one step at a time. */
const ONE_AT_A_TIME = /\bone\s+(?:by|after)\s+(?:one|another|the other)\b|\bin turn\b|\bsequentially\b/i;
const LATEST = /\b(?:latest|last|newest|most recent)\b/i;

/** The newest order of a search's result, if it found any. */
function latestOrderNumber(results: ToolResult[]): number | null {
  const search = results.findLast((r) => r.toolName === 'searchOrders' && !isToolFailure(r.output));
  const orders = ((search?.output as Json | undefined)?.orders as Json[] | undefined) ?? [];
  const newest = orders.toSorted((a, b) => String(b.placedAt).localeCompare(String(a.placedAt)))[0];
  return newest ? Number(newest.number) : null;
}

/**
 * The rounds of tool calls a message asks for. Several orders: one call per order in one
 * step ("Refund $5 of orders 1003 and 1007", "Compare orders 1001, 1002 and 1005"), or one
 * step per order when asked to go one by one. A customer's latest order: search their
 * orders, then look up the newest. Anything else: the single call `planReply` chooses.
 * Exported for tests.
 */
export function planRounds(userText: string): Round[] {
  const text = userText.trim();
  const orders = orderNumbersIn(text);
  if (orders.length > 1) {
    const actions = orders.map((orderNumber) => planOrderAction(text, orderNumber));
    if (actions.every((action) => action !== null)) return [() => actions];
    const lookups = orders.map((orderNumber) => ({ toolName: 'getOrder', input: { orderNumber } }));
    return ONE_AT_A_TIME.test(text) ? lookups.map((call) => () => [call]) : [() => lookups];
  }
  const plan = planReply(text);
  if (plan.kind === 'text') return [];
  if (plan.call.toolName === 'searchOrders' && plan.call.input.customer && LATEST.test(text)) {
    return [
      () => [plan.call],
      (results) => {
        const latest = latestOrderNumber(results);
        return latest === null ? [] : [{ toolName: 'getOrder', input: { orderNumber: latest } }];
      },
    ];
  }
  return [() => [plan.call]];
}

// --- Summaries of tool results -------------------------------------------------------------

type Json = Record<string, unknown>;

function describeToolError(toolName: string, error: string): string {
  const what: Record<string, string> = {
    getOrder: 'look up that order',
    searchOrders: 'search the orders',
    getCustomer: 'find that customer',
    addOrderNote: 'add that note',
    updateShippingAddress: 'change that address',
    refundOrder: 'make that refund',
    cancelOrder: 'cancel that order',
  };
  return `Sorry, I couldn't ${what[toolName] ?? 'do that'}: ${error}`;
}

function summarizeOrder(order: Json): string {
  const items = (order.items as Json[]).map(
    (item) => `- ${item.quantity} × ${item.name} (${formatMoney(Number(item.unitPriceCents), String(order.currency))} each)`,
  );
  const customer = order.customer as Json;
  const statusLine: Record<string, string> = {
    paid: 'It is **paid** and waiting to ship.',
    shipped: 'It has **shipped** and is on its way.',
    delivered: 'It was **delivered**.',
    cancelled: 'It was **cancelled**.',
  };
  return [
    `Order **#${order.number}** for ${customer.name} (${customer.email}), placed ${formatDate(String(order.placedAt))}. ${statusLine[String(order.status)] ?? `Its status is **${order.status}**.`}`,
    '',
    ...items,
    '',
    `Total: **${formatMoney(Number(order.totalCents), String(order.currency))}**, shipping to ${order.shippingAddress}.`,
    ...(Number(order.refundedCents) > 0
      ? [`Refunded so far: **${formatMoney(Number(order.refundedCents), String(order.currency))}**.`]
      : []),
  ].join('\n');
}

function summarizeSearch(input: Json, orders: Json[]): string {
  const status = input.status ? `${input.status} ` : '';
  const who = input.customer ? ` for "${input.customer}"` : '';
  if (orders.length === 0) return `I found no ${status}orders${who}.`;
  const lines = orders.map((o) => {
    const customer = o.customer as Json;
    return `- **#${o.number}** · ${customer.name} · ${o.status} · ${formatMoney(Number(o.totalCents), String(o.currency))} · ${formatDate(String(o.placedAt))}`;
  });
  const noun = orders.length === 1 ? 'order' : 'orders';
  return [`I found ${orders.length} ${status}${noun}${who}:`, '', ...lines].join('\n');
}

function summarizeCustomer(customer: Json): string {
  const recent = (customer.recentOrders as Json[]).map(
    (o) => `- **#${o.number}** · ${o.status} · ${formatMoney(Number(o.totalCents))}`,
  );
  return [
    `**${customer.name}** (${customer.email}) from ${customer.city}, a customer since ${formatDate(String(customer.customerSince))}.`,
    `They have placed ${customer.orderCount} order${customer.orderCount === 1 ? '' : 's'} worth ${formatMoney(Number(customer.lifetimeValueCents))} in total.`,
    ...(recent.length ? ['', 'Recent orders:', ...recent] : []),
  ].join('\n');
}

const money = (cents: unknown, currency: unknown = 'USD') => formatMoney(Number(cents), String(currency ?? 'USD'));

function decidedBy(approval: Json | null | undefined): string {
  const who = (approval?.decidedBy as Json | null | undefined)?.name;
  return who ? String(who) : 'someone';
}

/** What became of a refund or a cancellation that needed approval. */
function summarizeGated(toolName: string, input: Json, output: Json): string {
  const order = `order **#${input.orderNumber}**`;
  const action = toolName === 'refundOrder' ? 'refund' : 'cancellation';
  const approval = output.approval as Json | null;
  switch (output.status) {
    case 'refused':
      return `I can't do that: ${output.reason}`;
    case 'rejected': {
      const reason = approval?.reason ? `: "${approval.reason}"` : ', without giving a reason';
      return `The ${action} of ${order} was not made: ${decidedBy(approval)} rejected it${reason}.`;
    }
    case 'expired':
      return `The ${action} request for ${order} expired before anyone decided, so nothing changed.`;
    case 'done': {
      const approvedBy = approval ? ` (approved by ${decidedBy(approval)})` : '';
      if (toolName === 'refundOrder') {
        const refund = output.result as Json;
        const left = Number(refund.remainingCents) > 0 ? ` ${money(refund.remainingCents, refund.currency)} is left to refund.` : ' The order is now fully refunded.';
        return `Refunded **${money(refund.amountCents, refund.currency)}** for ${order}${approvedBy}.${left}`;
      }
      const refund = (output.result as Json).refund as Json | null;
      return refund
        ? `${order[0]!.toUpperCase()}${order.slice(1)} is cancelled${approvedBy} and **${money(refund.amountCents, refund.currency)}** was refunded.`
        : `${order[0]!.toUpperCase()}${order.slice(1)} is cancelled${approvedBy}.`;
    }
    default:
      return `Done: ${JSON.stringify(output)}`;
  }
}

/** Turns a tool's result into the answer's text. Exported for tests. */
export function summarizeToolResult(toolName: string, input: Json, output: unknown): string {
  if (isToolFailure(output)) return describeToolError(toolName, output.error);
  switch (toolName) {
    case 'getOrder':
      return summarizeOrder(output as Json);
    case 'searchOrders':
      return summarizeSearch(input, (output as Json).orders as Json[]);
    case 'getCustomer':
      return summarizeCustomer(output as Json);
    case 'addOrderNote':
      return `Added a note to order **#${(output as Json).orderNumber}**: "${(output as Json).note}"`;
    case 'updateShippingAddress': {
      const change = output as Json;
      return `Order **#${change.orderNumber}** will now ship to **${change.address}** (it was ${change.previousAddress}).`;
    }
    case 'refundOrder':
    case 'cancelOrder':
      return summarizeGated(toolName, input, output as Json);
    default:
      return `Done: ${JSON.stringify(output)}`;
  }
}

/** Several orders looked up for one message: side by side first, then each in full. */
function summarizeComparison(orders: Json[]): string {
  const rows = orders.map((order) => {
    const customer = order.customer as Json;
    const items = (order.items as Json[]).reduce((sum, item) => sum + Number(item.quantity), 0);
    return `| #${order.number} | ${customer.name} | ${order.status} | ${items} | ${formatMoney(Number(order.totalCents), String(order.currency))} | ${formatDate(String(order.placedAt))} |`;
  });
  const largest = orders.reduce((a, b) => (Number(b.totalCents) > Number(a.totalCents) ? b : a));
  const newest = orders.reduce((a, b) => (String(b.placedAt) > String(a.placedAt) ? b : a));
  return [
    `Here are the ${orders.length} orders side by side:`,
    '',
    '| Order | Customer | Status | Items | Total | Placed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `The largest is **#${largest.number}** (${formatMoney(Number(largest.totalCents), String(largest.currency))}); the newest is **#${newest.number}**.`,
  ].join('\n');
}

/** The answer to a message once its tools have run. Exported for tests. */
export function answerFromResults(results: ToolResult[]): string {
  const lookups = results.filter((r) => r.toolName === 'getOrder' && !isToolFailure(r.output));
  const summaries = results.map((r) => summarizeToolResult(r.toolName, r.input, r.output));
  if (lookups.length > 1 && lookups.length === results.length) {
    return [summarizeComparison(lookups.map((r) => r.output as Json)), '', ...summaries].join('\n\n');
  }
  return summaries.join('\n\n');
}

// --- Reading the prompt ----------------------------------------------------------------------

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i]!;
    if (message.role !== 'user') continue;
    return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  }
  return '';
}

/** How many model steps since the newest user message asked for tools. */
function toolStepsSinceLastUser(prompt: LanguageModelV3Prompt): number {
  const since = prompt.findLastIndex((m) => m.role === 'user') + 1;
  return prompt.slice(since).filter((m) => m.role === 'assistant' && m.content.some((part) => part.type === 'tool-call')).length;
}

/** The tool results the model got since the newest user message, oldest first. */
function toolResultsSinceLastUser(prompt: LanguageModelV3Prompt): ToolResult[] {
  const since = prompt.findLastIndex((m) => m.role === 'user') + 1;
  const calls = new Map<string, Json>();
  const results: ToolResult[] = [];
  for (const message of prompt.slice(since)) {
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type === 'tool-call') calls.set(part.toolCallId, (part.input ?? {}) as Json);
      }
    }
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type !== 'tool-result') continue;
      const output = part.output;
      let value: unknown = null;
      if (output.type === 'json' || output.type === 'text') value = output.value;
      else if (output.type === 'error-text') value = { error: output.value };
      else if (output.type === 'error-json') {
        value = isToolFailure(output.value) ? output.value : { error: JSON.stringify(output.value) };
      }
      results.push({ toolName: part.toolName, input: calls.get(part.toolCallId) ?? {}, output: value });
    }
  }
  return results;
}

/** "Compare orders 1001, 1004 and 1007": several order numbers, looked up one after the other. */
export function orderNumbersIn(text: string): number[] {
  return [...new Set([...text.matchAll(/\b(1\d{3})\b/g)].map((m) => Number(m[1])))];
}

/** FNV-1a: a stable id for a tool call, so a retried model step repeats the same call. */
function stableId(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

/** Splits text into word-sized deltas that keep their whitespace, so joining them is lossless. */
export function wordDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/**
 * Waits between words; an abort ends the wait at once. The listener goes when the wait ends:
 * one per word, left on the call's signal, made every answer over ten words log a
 * MaxListenersExceededWarning.
 */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createDemoModel(options: DemoModelOptions): LanguageModelV3 {
  const respond = (prompt: LanguageModelV3Prompt): StepReply => {
    const userText = lastUserText(prompt);
    const results = toolResultsSinceLastUser(prompt);
    const rounds = planRounds(userText);
    const round = rounds[toolStepsSinceLastUser(prompt)];
    const calls = round ? round(results) : [];
    if (calls.length > 0) return { kind: 'tools', calls };
    if (results.length > 0) return { kind: 'text', text: answerFromResults(results) };
    return { kind: 'text', text: DEMO_HELP_TEXT };
  };

  return {
    specificationVersion: 'v3',
    provider: 'demo',
    modelId: DEMO_MODEL_ID,
    supportedUrls: {},
    async doGenerate() {
      throw new Error('The demo model only streams.');
    },
    async doStream(call: LanguageModelV3CallOptions) {
      const plan = respond(call.prompt);
      const promptTokens = estimateTokens(JSON.stringify(call.prompt));
      const { delayMs } = options;
      const signal = call.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          try {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'response-metadata', id: `demo-${stableId(JSON.stringify(call.prompt))}`, modelId: DEMO_MODEL_ID });
            if (plan.kind === 'tools') {
              await wait(delayMs, signal);
              const id = stableId(JSON.stringify(call.prompt));
              let outputTokens = 0;
              plan.calls.forEach((toolCall, index) => {
                const input = JSON.stringify(toolCall.input);
                outputTokens += estimateTokens(input);
                // Stable ids: a retried model step repeats the same calls.
                controller.enqueue({ type: 'tool-call', toolCallId: index === 0 ? `call_${id}` : `call_${id}_${index}`, toolName: toolCall.toolName, input });
              });
              controller.enqueue({
                type: 'finish',
                finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
                usage: usage(promptTokens, outputTokens),
              });
            } else {
              controller.enqueue({ type: 'text-start', id: 'text-0' });
              for (const delta of wordDeltas(plan.text)) {
                await wait(delayMs, signal);
                controller.enqueue({ type: 'text-delta', id: 'text-0', delta });
              }
              controller.enqueue({ type: 'text-end', id: 'text-0' });
              controller.enqueue({
                type: 'finish',
                finishReason: { unified: 'stop', raw: 'stop' },
                usage: usage(promptTokens, estimateTokens(plan.text)),
              });
            }
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return { stream };
    },
  };
}
