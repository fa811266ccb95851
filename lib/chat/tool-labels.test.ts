import { describe, expect, it } from 'vitest';
import { describeToolCall } from './tool-labels';

describe('tool calls in words', () => {
  it("says what each call does, the way a support person would", () => {
    expect(describeToolCall('refundOrder', { orderNumber: 1007, amountCents: 2000 })).toBe('Refund $20.00 of order #1007');
    expect(describeToolCall('refundOrder', { orderNumber: 1007 })).toBe('Refund what is left of order #1007');
    expect(describeToolCall('getOrder', { orderNumber: 1003 })).toBe('Look up order #1003');
    expect(describeToolCall('searchOrders', { customer: 'Ada', status: 'shipped' })).toBe('Search shipped orders for “Ada”');
    expect(describeToolCall('addOrderNote', { orderNumber: 1003, note: 'call back Monday' })).toBe('Add a note to order #1003: “call back Monday”');
    expect(describeToolCall('cancelOrder', { orderNumber: 1004 })).toBe('Cancel order #1004');
  });

  it('falls back to the tool name while its input is still streaming in', () => {
    expect(describeToolCall('refundOrder', undefined)).toBe('Refund order');
    expect(describeToolCall('someNewTool', { x: 1 })).toBe('someNewTool');
  });
});
