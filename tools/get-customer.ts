import { FatalError } from 'workflow';
import { z } from 'zod';
import { getCustomer } from '@/db/queries/store';
import { lazySchema } from '@/lib/lazy-schema';
import type { ToolDefinition } from './define';
import { parseToolInput } from './parse-input';

export const getCustomerInput = lazySchema(() =>
  z
    .object({
      email: z.string().trim().email().optional().describe("The customer's email address"),
      name: z.string().trim().min(1).max(100).optional().describe("The customer's name, or part of it"),
    })
    .refine((input) => input.email || input.name, { message: 'Give an email or a name' }),
);

async function executeGetCustomer(rawInput: unknown) {
  'use step';
  const input = parseToolInput('getCustomer', getCustomerInput, rawInput);
  const customer = await getCustomer(input);
  if (!customer) throw new FatalError(`No customer matches ${input.email ?? `"${input.name}"`}.`);
  return customer;
}

export const getCustomerTool = {
  name: 'getCustomer',
  risk: 'read',
  description: 'Get one customer by email or name, with their order count, lifetime value and recent orders.',
  inputSchema: getCustomerInput,
  execute: executeGetCustomer,
} satisfies ToolDefinition<typeof getCustomerInput.schema>;
