import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { createDemoModelFromEnv } from '@/agents/models/providers';
import { MAX_MODEL_CALLS_PER_TURN, SUPPORT_INSTRUCTIONS } from '@/agents/support-agent';
import { getCustomer, getOrder, searchOrders } from '@/db/queries/store';
import { getCustomerInput } from '@/tools/get-customer';
import { getOrderInput } from '@/tools/get-order';
import { searchOrdersInput } from '@/tools/search-orders';

/**
 * The benchmark's baseline: the same demo model, instructions and read tools, answered with a
 * plain `streamText` in the request. No workflow, no history, nothing stored: what a turn
 * costs without durability.
 */
export async function plainTurn(message: UIMessage) {
  return streamText({
    model: createDemoModelFromEnv(),
    system: SUPPORT_INSTRUCTIONS,
    messages: await convertToModelMessages([message]),
    stopWhen: stepCountIs(MAX_MODEL_CALLS_PER_TURN),
    tools: {
      searchOrders: tool({ inputSchema: searchOrdersInput.schema, execute: async (input) => ({ orders: await searchOrders(input) }) }),
      getOrder: tool({
        inputSchema: getOrderInput.schema,
        execute: async ({ orderNumber }) => (await getOrder(orderNumber)) ?? { error: `Order #${orderNumber} does not exist.` },
      }),
      getCustomer: tool({
        inputSchema: getCustomerInput.schema,
        execute: async (input) => (await getCustomer(input)) ?? { error: 'No such customer.' },
      }),
    },
  });
}
