import { toolLabel } from '@/lib/chat/tool-labels';

export type StepCategory = 'turn' | 'model' | 'tool' | 'approval' | 'effect' | 'compensation' | 'stream' | 'other';

/** What each step function is, in words, and what kind of work it does. */
const STEPS: Record<string, { label: string; category: StepCategory }> = {
  startTurn: { label: 'Start turn: claim the chat, load history', category: 'turn' },
  completeTurn: { label: 'Store the answer', category: 'turn' },
  failTurn: { label: 'Record the failure', category: 'turn' },
  doStreamStep: { label: 'Model call', category: 'model' },
  modelFactory: { label: 'Load model', category: 'model' }, // inside a model call's step, unless called on its own
  writeToolOutputToUI: { label: 'Stream tool results', category: 'stream' },
  closeStream: { label: 'Close the stream', category: 'stream' },
  writeFinishChunk: { label: 'Finish the stream', category: 'stream' },
  executeSearchOrders: { label: `Tool: ${toolLabel('searchOrders')}`, category: 'tool' },
  executeGetOrder: { label: `Tool: ${toolLabel('getOrder')}`, category: 'tool' },
  executeGetCustomer: { label: `Tool: ${toolLabel('getCustomer')}`, category: 'tool' },
  addOrderNote: { label: `Tool: ${toolLabel('addOrderNote')}`, category: 'effect' },
  updateShippingAddress: { label: `Tool: ${toolLabel('updateShippingAddress')}`, category: 'effect' },
  planRefund: { label: 'Refund: check the rules, ask for approval', category: 'approval' },
  planCancel: { label: 'Cancel: check the rules, ask for approval', category: 'approval' },
  settleApproval: { label: 'Read the decision', category: 'approval' },
  refundThroughProvider: { label: 'Refund through the payment provider', category: 'effect' },
  markCancelled: { label: 'Mark the order cancelled', category: 'effect' },
  restoreStatus: { label: 'Compensate: restore the order status', category: 'compensation' },
};

/** "step//./tools/get-order//executeGetOrder" → "executeGetOrder"; "…//modelFactory/_anonymousStep0" → "modelFactory". */
export function stepFunctionName(stepName: string): string {
  return (stepName.split('//').at(-1) ?? stepName).replace(/\/_anonymousStep\d+$/, '');
}

export function describeStep(stepName: string): { name: string; label: string; category: StepCategory } {
  const name = stepFunctionName(stepName);
  return { name, ...(STEPS[name] ?? { label: name, category: 'other' as const }) };
}
