import { z } from 'zod';
import { MAX_TITLE_CHARS } from './title';
import { MAX_MESSAGE_CHARS } from './types';

export { titleFromMessage } from './title';

/** Ids the browser mints for messages (AI SDK's generateId, or UUIDs). */
const messageId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1–100 letters, digits, "_" or "-"');

export const userMessageSchema = z
  .object({
    id: messageId,
    role: z.literal('user'),
    parts: z
      .array(z.object({ type: z.literal('text'), text: z.string() }), { error: 'must be a list of text parts' })
      .min(1, 'must have at least one part')
      .max(20, 'must have at most 20 parts'),
  })
  .superRefine((message, ctx) => {
    const text = message.parts.map((p) => p.text).join('');
    if (text.trim().length === 0) ctx.addIssue({ code: 'custom', message: 'The message is empty.', path: ['parts'] });
    if (text.length > MAX_MESSAGE_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `The message is ${text.length} characters long; the limit is ${MAX_MESSAGE_CHARS}.`,
        path: ['parts'],
      });
    }
  });

/** POST /api/chat: the chat's id and only its newest user message; the server owns the history. */
export const chatRequestSchema = z.object({
  id: z.uuid({ error: 'must be a UUID' }),
  message: userMessageSchema,
  model: z.string().min(1).max(200).optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

const messageRef = z.strictObject({ messageId });

/**
 * POST /api/chat, all it can ask: send a message (`message`); regenerate the newest answer
 * (`regenerate: { messageId }` of that answer, no message: it answers the same question); or
 * edit a message of one's own and send it again (`edit: { messageId }` of the message edited,
 * and `message`, the edited text under a new id).
 */
export const chatPostSchema = z
  .object({
    id: z.uuid({ error: 'must be a UUID' }),
    message: userMessageSchema.optional(),
    model: z.string().min(1).max(200).optional(),
    regenerate: messageRef.optional(),
    edit: messageRef.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.regenerate && (body.message || body.edit)) {
      ctx.addIssue({ code: 'custom', path: ['regenerate'], message: 'Regenerating takes no message and no edit: the new answer is to the same question.' });
    } else if (!body.regenerate && !body.message) {
      ctx.addIssue({ code: 'custom', path: ['message'], message: 'Required: the message to send.' });
    }
  })
  .transform((body): ChatPost => {
    const base = { id: body.id, ...(body.model ? { model: body.model } : {}) };
    if (body.regenerate) return { kind: 'regenerate', ...base, answerId: body.regenerate.messageId };
    const send = { ...base, message: body.message! }; // present: checked above
    return body.edit ? { kind: 'edit', ...send, editedId: body.edit.messageId } : { kind: 'send', ...send };
  });

export type ChatPost =
  | ({ kind: 'send' } & ChatRequest)
  | ({ kind: 'edit'; editedId: string } & ChatRequest)
  | { kind: 'regenerate'; id: string; model?: string; answerId: string };

/** POST /api/chats/{id}/queue: a message for after the chat's current turn. */
export const queueRequestSchema = z.object({ message: userMessageSchema, model: z.string().min(1).max(200).optional() });

export type QueueRequest = z.infer<typeof queueRequestSchema>;

// --- The chat list: GET /api/chats, PATCH /api/chats/{id}, GET /api/chats/search ------------

/** A chat as the sidebar lists it. Times are ISO strings. */
export const chatListItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  running: z.boolean(),
  /** Its turn is waiting for a decision (not answering): the sidebar says so. */
  waitingForApproval: z.boolean(),
});

export const chatListResponseSchema = z.object({ chats: z.array(chatListItemSchema) });

/** PATCH /api/chats/{id}: a new title, trimmed, 1–100 characters. */
export const renameChatRequestSchema = z.object({
  title: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'The title is empty.')
    .max(MAX_TITLE_CHARS, `The title is longer than ${MAX_TITLE_CHARS} characters.`),
});

export const renameChatResponseSchema = z.object({ chat: z.object({ id: z.string(), title: z.string(), updatedAt: z.string() }) });

/** Longest search we run: a few words, not a document. */
export const MAX_SEARCH_CHARS = 200;

/** GET /api/chats/search?q=: words from a chat's title or messages. */
export const chatSearchQuerySchema = z.object({
  q: z
    .string({ error: 'is missing' })
    .trim()
    .min(1, 'Type a word to search for.')
    .max(MAX_SEARCH_CHARS, `The search is longer than ${MAX_SEARCH_CHARS} characters.`),
});

export const chatSearchHitSchema = z.object({
  id: z.string(),
  title: z.string(),
  updatedAt: z.string(),
  /** Words around the best match in the chat's messages; null when only the title matched. */
  snippet: z.string().nullable(),
});

export const chatSearchResponseSchema = z.object({ query: z.string(), chats: z.array(chatSearchHitSchema) });

export function messageText(message: { parts: { type: string; text?: string }[] }): string {
  return message.parts.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

export const isUuid = (value: string) => z.uuid().safeParse(value).success;
