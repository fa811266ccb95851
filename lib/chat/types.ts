import type { UIMessage } from 'ai';

export type TurnStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** What the app attaches to each message, in the stream and in the database alike. */
export interface ChatMessageMetadata {
  createdAt?: string;
  /** User message: the run it started. Assistant message: the run that wrote it. */
  runId?: string;
  /** Assistant message: the model that answered. */
  model?: string;
  status?: TurnStatus;
  error?: string;
  usage?: { inputTokens: number; outputTokens: number };
}

export type ChatMessage = UIMessage<ChatMessageMetadata>;

/** Longest user message we accept, in characters. */
export const MAX_MESSAGE_CHARS = 8000;
