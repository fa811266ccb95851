import type { UIMessageChunk } from 'ai';
import { getWorkflowMetadata, getWritable } from 'workflow';
import { assistantMessageIdOf } from '@/lib/chat/types';
import { describeStepError } from '@/lib/step-errors';
import type { ToolContext } from '@/tools/approval';
import { completeTurn, failTurn, startTurn } from './chat-turn-steps';
import { currentChatTurnInput, type AnyChatTurnInput } from './chat-turn-versions';
import { createSupportAgent, MAX_MODEL_CALLS_PER_TURN } from './support-agent';

/**
 * Input of one chat turn. Stored in the run's event log: keep it small, and change it only by
 * the versioning rule in chat-turn-versions.ts (older versions stay readable).
 */
export interface ChatTurnInput {
  v: 4;
  chatId: string;
  userId: string;
  /** The user message this turn answers; already stored by the chat route. */
  userMessageId: string;
  /** The chat route's reservation, which the run swaps for its own id. */
  reservation: string;
  /** A model registry id, e.g. `demo` or `gateway:anthropic/claude-sonnet-4.5`. */
  modelId: string;
  /** Set when a person re-ran a failed run from its page: the run this one repeats. */
  rerunOf?: string;
  /** The session that sent the message, for the audit record of what the turn asks for. */
  sessionId?: string;
  /**
   * Who checks a tool's input against its schema: the tool's first step (absent, since version 4)
   * or the agent before the tool runs (`'agent'`, given by `currentChatTurnInput` to older runs).
   */
  toolInputCheck?: 'agent';
}

/** Output of one chat turn, versioned like its input. */
export interface ChatTurnOutput {
  v: 2;
  status: 'completed';
  assistantMessageId: string;
}

/**
 * One user message, one run: load the history, let the support agent answer (each model
 * call and each tool call is a step), store the answer. Every path ends the stream with
 * `finish`; a failure is stored with the partial answer, then fails the run. Pure
 * orchestration: all I/O happens in the steps.
 */
export async function chatTurn(stored: AnyChatTurnInput): Promise<ChatTurnOutput> {
  'use workflow';
  const input = currentChatTurnInput(stored); // a run started by an earlier deploy may carry an older version
  const { workflowRunId: runId } = getWorkflowMetadata();
  const writable = getWritable<UIMessageChunk>();
  const turn = { ...input, runId, assistantMessageId: assistantMessageIdOf(runId) };

  try {
    const history = await startTurn(turn, writable);
    const result = await createSupportAgent(input.modelId, runId, input.toolInputCheck ?? 'step').stream({
      messages: history,
      writable,
      sendStart: false, // startTurn wrote `start` with the message id we store the answer under
      sendFinish: false, // completeTurn writes `finish` once the answer is stored
      preventClose: true,
      maxSteps: MAX_MODEL_CALLS_PER_TURN,
      // Tools that ask for approval record who asks, in which chat.
      experimental_context: { chatId: input.chatId, userId: input.userId, sessionId: input.sessionId } satisfies ToolContext,
      // Each model call's span names its chat and run. Prompts and answers hold customers'
      // data, so they stay out of traces.
      experimental_telemetry: { isEnabled: true, functionId: 'support-agent', metadata: { chatId: input.chatId, runId }, recordInputs: false, recordOutputs: false },
    });
    const usage = result.steps.reduce(
      (sum, step) => ({
        inputTokens: sum.inputTokens + (step.usage?.inputTokens ?? 0),
        outputTokens: sum.outputTokens + (step.usage?.outputTokens ?? 0),
      }),
      { inputTokens: 0, outputTokens: 0 },
    );
    await completeTurn(turn, usage, writable);
    return { v: 2, status: 'completed', assistantMessageId: turn.assistantMessageId };
  } catch (error) {
    await failTurn(turn, describeStepError(error), writable);
    // The answer and the error are stored; fail the run too, so the world says what happened.
    throw error;
  }
}
