import { z } from 'zod';
import { searchOrders } from '@/db/queries/store';
import { ORDER_STATUSES } from '@/db/constants';
import { lazySchema } from '@/lib/lazy-schema';
import type { ToolDefinition } from './define';
import { parseToolInput } from './parse-input';

export const searchOrdersInput = lazySchema(() =>
  z.object({
    customer: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Part of the customer's name or email address"),
    status: z.enum(ORDER_STATUSES).optional().describe('Only orders in this status'),
    limit: z.number().int().min(1).max(50).optional().describe('How many orders to return, newest first (default 10)'),
  }),
);

async function executeSearchOrders(input: unknown) {
  'use step';
  return { orders: await searchOrders(parseToolInput('searchOrders', searchOrdersInput, input)) };
}

export const searchOrdersTool = {
  name: 'searchOrders',
  risk: 'read',
  description: 'Search the store’s orders by customer name or email and/or status, newest first.',
  inputSchema: searchOrdersInput,
  execute: executeSearchOrders,
} satisfies ToolDefinition<typeof searchOrdersInput.schema>;
