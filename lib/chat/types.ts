import type { UIMessage } from 'ai';
import type { z } from 'zod';
import type { ApprovalView } from '@/db/queries/approvals';
import type {
  chatListItemSchema,
  chatListResponseSchema,
  chatSearchHitSchema,
  chatSearchResponseSchema,
  renameChatRequestSchema,
  renameChatResponseSchema,
} from './schemas';

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

/** Data parts the agent streams besides text and tools: approval cards, keyed by approval id. */
export type ChatDataParts = { approval: ApprovalView; superseded: null };

export type ChatMessage = UIMessage<ChatMessageMetadata, ChatDataParts>;

/** The id of the assistant message a run writes: the run itself and Stop must agree on it. */
export function assistantMessageIdOf(runId: string): string {
  return `msg_${runId}`;
}

/** Longest user message we accept, in characters. */
export const MAX_MESSAGE_CHARS = 8000;

/** A message waiting for the chat's current turn to end (GET /api/chats/{id}, `queued`). */
export interface QueuedMessageView {
  id: string;
  parts: { type: 'text'; text: string }[];
  queuedAt: string;
}

/** GET /api/chats/{id}: what a chat page shows, and what an open tab syncs to. */
export interface ChatSnapshot {
  chat: {
    id: string;
    title: string;
    createdAt: string;
    updatedAt: string;
    /** The run answering now, if its run exists. */
    activeRunId: string | null;
    /** A message is stored and its turn is starting (its run does not exist yet). */
    starting: boolean;
  };
  /** The chat as it stands: messages a regeneration or an edit replaced are left out. */
  messages: ChatMessage[];
  /** Earlier answers a regeneration replaced, by the id of the user message they answered, oldest first. */
  replacedAnswers: Record<string, ChatMessage[]>;
  queued: QueuedMessageView[];
}

/** The chat list's wire types (their schemas are in schemas.ts). */
export type ChatListItem = z.infer<typeof chatListItemSchema>;
export type ChatListResponse = z.infer<typeof chatListResponseSchema>;
export type RenameChatRequest = z.infer<typeof renameChatRequestSchema>;
export type RenameChatResponse = z.infer<typeof renameChatResponseSchema>;
export type ChatSearchHit = z.infer<typeof chatSearchHitSchema>;
export type ChatSearchResponse = z.infer<typeof chatSearchResponseSchema>;
