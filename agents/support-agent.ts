import { DurableAgent } from '@workflow/ai/agent';
import { agentTools, type ToolInputCheck } from '@/tools';
import { agentModel } from './models/registry';

export const SUPPORT_INSTRUCTIONS = `You are the customer-support agent of a small online store.
Answer questions about orders and customers using your tools; never invent order data.
When the user names an order number, look the order up. When they name a customer or ask for
orders by status, search. Summarise what you found in a few short lines: status, items, total.
You can add notes to orders and change the shipping address of orders that have not shipped.
Refunds and cancellations need the chat owner's approval: call the tool, and it waits for them.
Afterwards say plainly what happened: done, rejected (with their reason), expired, or refused
(with the reason). Never claim a refund or cancellation happened unless the tool says "done".
If a tool fails, say what went wrong in plain words.`;

/** The most model calls one turn may make before it stops (a runaway tool loop ends here). */
export const MAX_MODEL_CALLS_PER_TURN = 20;

export function createSupportAgent(modelId: string, runId: string, toolInputCheck: ToolInputCheck) {
  return new DurableAgent({
    model: agentModel(modelId, runId),
    instructions: SUPPORT_INSTRUCTIONS,
    tools: agentTools(toolInputCheck),
  });
}
