import { FatalError } from 'workflow';
import { z } from 'zod';
import { getOrder } from '@/db/queries/store';
import type { ToolDefinition } from './define';

export const getOrderInput = z.object({
  orderNumber: z.number().int().positive().describe('The order number, e.g. 1007'),
});

async function executeGetOrder({ orderNumber }: z.infer<typeof getOrderInput>) {
  'use step';
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
} satisfies ToolDefinition<typeof getOrderInput>;
