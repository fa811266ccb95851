import { formatMoney } from '@/lib/format';

/** What each tool is called in the UI. Safe to import from client components. */
const TOOL_LABELS: Record<string, string> = {
  searchOrders: 'Search orders',
  getOrder: 'Look up order',
  getCustomer: 'Look up customer',
  addOrderNote: 'Add order note',
  updateShippingAddress: 'Change shipping address',
  refundOrder: 'Refund order',
  cancelOrder: 'Cancel order',
};

export function toolLabel(toolName: string): string {
  return TOOL_LABELS[toolName] ?? toolName;
}

type Input = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const order = (input: Input) => (typeof input.orderNumber === 'number' ? `order #${input.orderNumber}` : 'an order');

/** What a call does, in a support person's words: "Refund $20.00 of order #1007". */
const DESCRIBE: Record<string, (input: Input) => string> = {
  getOrder: (input) => `Look up ${order(input)}`,
  searchOrders: (input) => {
    const parts = [input.status && `${text(input.status)} orders`, input.customer && `for “${text(input.customer)}”`].filter(Boolean);
    return parts.length ? `Search ${parts.join(' ')}` : 'Search recent orders';
  },
  getCustomer: (input) => `Look up customer ${text(input.email) || text(input.name) || ''}`.trim(),
  addOrderNote: (input) => `Add a note to ${order(input)}: “${text(input.note)}”`,
  updateShippingAddress: (input) => `Ship ${order(input)} to ${text(input.address)}`,
  refundOrder: (input) =>
    typeof input.amountCents === 'number' ? `Refund ${formatMoney(input.amountCents)} of ${order(input)}` : `Refund what is left of ${order(input)}`,
  cancelOrder: (input) => `Cancel ${order(input)}`,
};

/** The call in words; the tool's label when its input is not there yet (still streaming) or unknown. */
export function describeToolCall(toolName: string, input: unknown): string {
  const describe = DESCRIBE[toolName];
  if (!describe || !input || typeof input !== 'object') return toolLabel(toolName);
  return describe(input as Input);
}

/** What a finished call did, for run review: "Refunded $20.00 of order #1007". */
const DESCRIBE_DONE: Record<string, (input: Input) => string> = {
  getOrder: (input) => `Looked up ${order(input)}`,
  searchOrders: (input) => `Searched${DESCRIBE.searchOrders!(input).slice('Search'.length)}`,
  getCustomer: (input) => `Looked up customer ${text(input.email) || text(input.name) || ''}`.trim(),
  addOrderNote: (input) => `Added a note to ${order(input)}: “${text(input.note)}”`,
  updateShippingAddress: (input) => `Set ${order(input)} to ship to ${text(input.address)}`,
  refundOrder: (input) =>
    typeof input.amountCents === 'number' ? `Refunded ${formatMoney(input.amountCents)} of ${order(input)}` : `Refunded what was left of ${order(input)}`,
  cancelOrder: (input) => `Cancelled ${order(input)}`,
};

/** The finished call in words; the tool's label when its input is unknown. */
export function describeToolCallDone(toolName: string, input: unknown): string {
  const describe = DESCRIBE_DONE[toolName];
  if (!describe || !input || typeof input !== 'object') return toolLabel(toolName);
  return describe(input as Input);
}
