import type { Tool } from 'ai';
import { describeStepError } from '@/lib/step-errors';
import { getCustomerTool } from './get-customer';
import { getOrderTool } from './get-order';
import { searchOrdersTool } from './search-orders';

export const supportTools = [searchOrdersTool, getOrderTool, getCustomerTool] as const;

type Execute = (input: unknown) => Promise<unknown>;

/**
 * The tool set DurableAgent gets. A tool that throws (after its step's retries) answers the
 * model with `{ error }` instead, so the agent can explain the failure and the UI can show it.
 * Runs in workflow context.
 */
export function agentTools(): Record<string, Tool> {
  return Object.fromEntries(
    supportTools.map((tool) => {
      // Called unbound: a step function must not capture the tool object as `this`.
      const execute = tool.execute as Execute;
      const agentTool: Tool = {
        description: tool.description,
        inputSchema: tool.inputSchema,
        execute: async (input: unknown) => {
          try {
            return await execute(input);
          } catch (error) {
            return { type: 'error-json', value: { error: describeStepError(error) } };
          }
        },
      };
      return [tool.name, agentTool];
    }),
  );
}
