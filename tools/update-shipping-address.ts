import { FatalError, getStepMetadata } from 'workflow';
import { z } from 'zod';
import { applyEffectOnce } from '@/db/queries/effects';
import { getOrder, updateUnshippedAddress } from '@/db/queries/store';
import { lazySchema } from '@/lib/lazy-schema';
import type { ToolDefinition } from './define';
import { parseToolInput } from './parse-input';

export const updateShippingAddressInput = lazySchema(() =>
  z.object({
    orderNumber: z.number().int().positive().describe('The order whose address changes'),
    address: z.string().trim().min(5).max(300).describe('The new shipping address, on one line'),
  }),
);

async function updateShippingAddress(rawInput: unknown) {
  'use step';
  const input = parseToolInput('updateShippingAddress', updateShippingAddressInput, rawInput);
  const order = await getOrder(input.orderNumber);
  if (!order) throw new FatalError(`Order #${input.orderNumber} does not exist.`);
  const { stepId } = getStepMetadata();
  return applyEffectOnce({ idempotencyKey: stepId, toolName: 'updateShippingAddress', input }, async (tx) => {
    const updated = await updateUnshippedAddress(tx, input.orderNumber, input.address);
    if (!updated) {
      throw new FatalError(`Order #${order.number} is ${order.status}, so its shipping address can no longer change.`);
    }
    return { orderNumber: order.number, previousAddress: order.shippingAddress, address: updated.shippingAddress };
  });
}

export const updateShippingAddressTool = {
  name: 'updateShippingAddress',
  risk: 'write',
  description: 'Change the shipping address of an order that has not shipped yet.',
  inputSchema: updateShippingAddressInput,
  execute: updateShippingAddress,
} satisfies ToolDefinition<typeof updateShippingAddressInput.schema>;
