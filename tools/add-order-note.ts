import { FatalError, getStepMetadata } from 'workflow';
import { z } from 'zod';
import { applyEffectOnce } from '@/db/queries/effects';
import { getOrder, insertOrderNote } from '@/db/queries/store';
import { lazySchema } from '@/lib/lazy-schema';
import type { ToolDefinition } from './define';
import { parseToolInput } from './parse-input';

export const addOrderNoteInput = lazySchema(() =>
  z.object({
    orderNumber: z.number().int().positive().describe('The order to note on'),
    note: z.string().trim().min(1).max(1000).describe('The note, as the team should read it'),
  }),
);

async function addOrderNote(rawInput: unknown) {
  'use step';
  const input = parseToolInput('addOrderNote', addOrderNoteInput, rawInput);
  if (!(await getOrder(input.orderNumber))) throw new FatalError(`Order #${input.orderNumber} does not exist.`);
  const { stepId } = getStepMetadata();
  return applyEffectOnce({ idempotencyKey: stepId, toolName: 'addOrderNote', input }, (tx) =>
    insertOrderNote(tx, input.orderNumber, input.note),
  );
}

export const addOrderNoteTool = {
  name: 'addOrderNote',
  risk: 'write',
  description: 'Add an internal note to an order, for the support team.',
  inputSchema: addOrderNoteInput,
  execute: addOrderNote,
} satisfies ToolDefinition<typeof addOrderNoteInput.schema>;
