import type { ChatTurnInput, ChatTurnOutput } from './chat-turn';

/**
 * A turn's input and output are stored in its run's event log, and a run in flight is replayed
 * by whichever code is deployed when it goes on (a turn can wait 24 h for an approval). So both
 * carry a version, `v`, and change by these rules:
 * - a change bumps `v` in `ChatTurnInput` / `ChatTurnOutput` (agents/chat-turn.ts) and keeps the
 *   previous shape here, frozen, as `…V<n>`;
 * - new fields are optional, or `currentChatTurnInput` gives them their default for older runs;
 *   a field is never removed, renamed, or given another type or meaning: add a new one;
 * - readers accept every older version: the workflow reads its input through
 *   `currentChatTurnInput`, and whoever reads a run's output takes `AnyChatTurnOutput`.
 *
 * Version 1 had no `v` at all: every run started before versions were introduced.
 */

/** Version 1 of the input, as runs started before versions carry it. Frozen. */
export interface ChatTurnInputV1 {
  v?: undefined;
  chatId: string;
  userId: string;
  userMessageId: string;
  reservation: string;
  modelId: string;
  rerunOf?: string;
}

/** Version 1 of the output (no `v`). Frozen. */
export interface ChatTurnOutputV1 {
  v?: undefined;
  status: 'completed';
  assistantMessageId: string;
}

/** Version 2 of the input: version 1 with its version. Frozen. */
export interface ChatTurnInputV2 extends Omit<ChatTurnInputV1, 'v'> {
  v: 2;
}

/** Version 3 of the input: version 2 with the session that asked. Frozen. */
export interface ChatTurnInputV3 extends Omit<ChatTurnInputV2, 'v'> {
  v: 3;
  sessionId?: string;
}

export type AnyChatTurnInput = ChatTurnInput | ChatTurnInputV3 | ChatTurnInputV2 | ChatTurnInputV1;
export type AnyChatTurnOutput = ChatTurnOutput | ChatTurnOutputV1;

/** The input in today's shape, whichever version the run was started with. Pure: runs in the workflow. */
export function currentChatTurnInput(input: AnyChatTurnInput): ChatTurnInput {
  // 1 → 2 added only the version itself; 2 → 3 the optional session that asked (for the audit);
  // 3 → 4 moved the check of a tool's input from the agent into the tool's step: a run started
  // before replays the agent's check, or its log would not match (an invalid input drew no step).
  if (input.v === undefined || input.v === 2 || input.v === 3) return { ...input, v: 4, toolInputCheck: 'agent' };
  if (input.v === 4) return input;
  // A newer deployment started this run and an older one replays it (a rollback): refuse
  // rather than guess what the newer fields meant.
  throw new Error(`This turn was started with input version ${String((input as { v: unknown }).v)}; this deployment reads versions 1 to 4.`);
}
