import { describeToolCall, describeToolCallDone } from '@/lib/chat/tool-labels';
import { formatDuration } from '@/lib/format';
import type { HookItem, StepItem, TimelineItem } from './timeline';

type Person = { id: string; name: string } | null | undefined;
/** "you" for the viewer, the person's name otherwise. */
type NameOf = (person: Person) => string;

/** How a line of the run reads to a support lead, and whether it is plumbing only engineers want. */
export interface Sentence {
  text: string;
  technical: boolean;
}

/** Steps that move data around the turn rather than do anything a person would name. */
const PLUMBING = new Set(['modelFactory', 'writeToolOutputToUI', 'closeStream', 'writeFinishChunk', 'settleApproval']);

/** A step's tool, for the steps that are a tool's own work, and where the step's arguments keep its input. */
const TOOL_STEPS: Record<string, { tool: string; input: (args: unknown[]) => unknown }> = {
  executeSearchOrders: { tool: 'searchOrders', input: (args) => args[0] },
  executeGetOrder: { tool: 'getOrder', input: (args) => args[0] },
  executeGetCustomer: { tool: 'getCustomer', input: (args) => args[0] },
  addOrderNote: { tool: 'addOrderNote', input: (args) => args[0] },
  updateShippingAddress: { tool: 'updateShippingAddress', input: (args) => args[0] },
  refundThroughProvider: { tool: 'refundOrder', input: (args) => args[0] },
  markCancelled: { tool: 'cancelOrder', input: (args) => ({ orderNumber: args[0] }) },
};

/** Steps of the turn itself: what they did, and what a failure of theirs means. */
const FIXED: Record<string, { done: string; failed: string }> = {
  startTurn: { done: 'Read the chat so far', failed: 'Could not read the chat' },
  completeTurn: { done: 'Stored the answer', failed: 'Could not store the answer' },
  failTurn: { done: 'Recorded why the answer failed', failed: 'Could not record the failure' },
};

/** Steps that check an action against the approval rules; several may run side by side, so each names its order. */
const GATED: Record<string, string> = { planRefund: 'refund', planCancel: 'cancellation' };

/** A step's arguments as the world records them (`{ args, closureVars, thisVal }`), or as a plain list. */
function argsOf(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  const args = (input as { args?: unknown } | null)?.args;
  return Array.isArray(args) ? args : [input];
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function stepSentence(step: StepItem): Sentence {
  const failed = step.status === 'failed';
  const running = step.status === 'running' || step.status === 'pending';
  const tool = TOOL_STEPS[step.name];
  if (tool) {
    const input = tool.input(argsOf(step.input));
    if (failed) return { text: `Tried to ${lowerFirst(describeToolCall(tool.tool, input))}`, technical: false };
    if (running) return { text: `${describeToolCall(tool.tool, input)}…`, technical: false };
    return { text: describeToolCallDone(tool.tool, input), technical: false };
  }
  if (step.name === 'doStreamStep') {
    if (running) return { text: 'Thinking…', technical: false };
    if (failed) return { text: 'Asked the model; it did not answer', technical: false };
    return { text: step.model?.finishReason === 'tool-calls' ? 'Chose what to do next' : 'Wrote the answer', technical: false };
  }
  if (step.name === 'restoreStatus') return { text: `Put order #${String(argsOf(step.input)[0])} back as it was: the cancellation did not go through`, technical: false };
  const gated = GATED[step.name];
  if (gated) {
    const order = (argsOf(step.input)[0] as { orderNumber?: unknown } | undefined)?.orderNumber;
    const what = `${gated}${typeof order === 'number' ? ` of order #${order}` : ''}`;
    return { text: failed ? `The ${what} did not pass the rules` : `Checked the ${what} against the rules`, technical: false };
  }
  const fixed = FIXED[step.name];
  if (fixed) return { text: failed ? fixed.failed : fixed.done, technical: false };
  return { text: step.label, technical: PLUMBING.has(step.name) || step.category === 'stream' };
}

const possessive = (name: string) => (name === 'you' ? 'your' : `${name}’s`);

function hookSentence(hook: HookItem, nameOf: NameOf): Sentence {
  const approval = hook.approval;
  if (!approval) return { text: hook.outcome === 'waiting' ? 'Waiting for an answer' : `Waited ${formatDuration(hook.durationMs)} for an answer`, technical: false };
  const waited = formatDuration(hook.durationMs);
  switch (approval.status) {
    case 'pending':
      return { text: `Waiting for approval: ${approval.summary}`, technical: false };
    case 'approved':
      return { text: `Waited ${waited} for ${possessive(nameOf(approval.decidedBy))} approval`, technical: false };
    case 'rejected':
      return { text: `Waited ${waited}; ${nameOf(approval.decidedBy)} rejected it`, technical: false };
    case 'expired':
      return { text: `Waited ${waited} for approval; nobody decided in time`, technical: false };
    case 'cancelled':
      return { text: `Waited ${waited} for approval; ${approval.reason ? lowerFirst(approval.reason.replace(/\.$/, '')) : 'the turn ended first'}`, technical: false };
  }
}

/** One line of the run's timeline in plain words. */
export function sentenceOf(item: TimelineItem, nameOf: NameOf): Sentence {
  if (item.kind === 'step') return stepSentence(item);
  if (item.kind === 'hook') return hookSentence(item, nameOf);
  // Sleeps are the approval deadlines; the approval's own line says how it ended.
  return { text: item.label, technical: true };
}
