import { FatalError } from 'workflow';
import { z } from 'zod';
import { getOrder } from '@/db/queries/store';
import { lazySchema } from '@/lib/lazy-schema';
import type { ToolDefinition } from './define';
import { parseToolInput } from './parse-input';

export const getOrderInput = lazySchema(() =>
  z.object({
    orderNumber: z.number().int().positive().describe('The order number, e.g. 1007'),
  }),
);

async function executeGetOrder(input: unknown) {
  'use step';
  const { orderNumber } = parseToolInput('getOrder', getOrderInput, input);
  const order = await getOrder(orderNumber);
  // A missing order will not appear on retry: fail at once and tell the model.
  if (!order) throw new FatalError(`Order #${orderNumber} does not exist.`);
  return order;
}

export const getOrderTool = {
  name: 'getOrder',
  risk: 'read',
  description: 'Get one order with its status, items, total, shipping address and customer.',
  inputSchema: getOrderInput,
  execute: executeGetOrder,
} satisfies ToolDefinition<typeof getOrderInput.schema>;
