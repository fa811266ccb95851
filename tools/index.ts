import { jsonSchema, type Tool } from 'ai';
import { describeStepError } from '@/lib/step-errors';
import { addOrderNoteTool } from './add-order-note';
import { cancelOrderTool } from './cancel-order';
import type { ToolCallOptions } from './define';
import { getCustomerTool } from './get-customer';
import { getOrderTool } from './get-order';
import { inputJsonSchemas } from './input-json-schemas';
import { refundOrderTool } from './refund-order';
import { searchOrdersTool } from './search-orders';
import { updateShippingAddressTool } from './update-shipping-address';

export const supportTools = [
  searchOrdersTool,
  getOrderTool,
  getCustomerTool,
  addOrderNoteTool,
  updateShippingAddressTool,
  refundOrderTool,
  cancelOrderTool,
] as const;

type Execute = (input: unknown, options: ToolCallOptions) => Promise<unknown>;

export { inputJsonSchemas };

/** Passes the input on unchecked: each tool's first step checks it (`parseToolInput`). */
const checkedInTheStep = (value: unknown) => ({ success: true as const, value });

/**
 * Where a tool's input is checked: in the tool's first step, or, for turns started before that
 * (chat-turn input version 3 and older), by the agent with the zod schema, as they first ran.
 */
export type ToolInputCheck = 'step' | 'agent';

/**
 * The tool set DurableAgent gets. A tool that throws (after its step's retries) answers the
 * model with `{ error }` instead, so the agent can explain the failure and the UI can show it.
 * Runs in workflow context, on every replay: the schemas are JSON already and zod does not
 * run here (building and converting them cost 1.2 ms and about a sixth of the bundle's evaluation).
 */
export function agentTools(inputCheck: ToolInputCheck = 'step'): Record<string, Tool> {
  return Object.fromEntries(
    supportTools.map((tool) => {
      // Called unbound: a step function must not capture the tool object as `this`.
      const execute = tool.execute as Execute;
      const agentTool: Tool = {
        description: tool.description,
        inputSchema:
          inputCheck === 'agent' ? tool.inputSchema.schema : jsonSchema(inputJsonSchemas[tool.name]!, { validate: checkedInTheStep }),
        execute: async (input: unknown, options: ToolCallOptions) => {
          try {
            // Step tools take the input only (it is what their step records); destructive
            // tools run in workflow context and need the call's id and the turn's context.
            if (tool.risk !== 'destructive') return await (execute as (input: unknown) => Promise<unknown>)(input);
            return await execute(input, { toolCallId: options.toolCallId, experimental_context: options.experimental_context });
          } catch (error) {
            return { type: 'error-json', value: { error: describeStepError(error) } };
          }
        },
      };
      return [tool.name, agentTool];
    }),
  );
}
