import { and, desc, eq, gt, gte, isNull, lt } from 'drizzle-orm';
import type { ChatMessage } from '@/lib/chat/types';
import { db, type Tx } from '../client';
import { messages } from '../schema';
import { reserveChat, type TurnRequest } from './turns';

/** Why a regeneration or an edit could not take the chat. */
export type ReplaceTurnResult =
  | { ok: true; userMessageId: string; replacedRunId: string | null }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_newest' }
  | { ok: false; reason: 'already_replaced' }
  | { ok: false; reason: 'message_conflict' }
  | { ok: false; reason: 'busy'; activeRunId: string };

/** Ends the transaction without a trace (the chat's reservation too), answering `result`. */
class Refusal extends Error {
  constructor(readonly result: ReplaceTurnResult) {
    super('refused');
  }
}

async function inTransaction(body: (tx: Tx) => Promise<ReplaceTurnResult>): Promise<ReplaceTurnResult> {
  try {
    return await (await db()).transaction(body);
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

async function findMessage(tx: Tx, chatId: string, messageId: string) {
  const [row] = await tx
    .select({ id: messages.id, role: messages.role, seq: messages.seq, runId: messages.runId, replacedAt: messages.replacedAt })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)));
  return row;
}

/** Marks the chat's current messages from `seq` on (or after it) replaced: kept for run review, gone from the chat. */
async function replaceFrom(tx: Tx, chatId: string, seq: number, inclusive: boolean) {
  await tx
    .update(messages)
    .set({ replacedAt: new Date() })
    .where(and(eq(messages.chatId, chatId), inclusive ? gte(messages.seq, seq) : gt(messages.seq, seq), isNull(messages.replacedAt)));
}

/**
 * Regenerate: the chat's newest answer is replaced and the chat reserved for a new run that
 * answers the same user message, atomically. Only the newest answer: later turns were
 * answered knowing it.
 */
export async function beginRegeneration(input: {
  chatId: string;
  userId: string;
  reservation: string;
  answerId: string;
  request: TurnRequest;
}): Promise<ReplaceTurnResult> {
  return inTransaction(async (tx) => {
    const answer = await findMessage(tx, input.chatId, input.answerId);
    if (!answer || answer.role !== 'assistant') return { ok: false, reason: 'not_found' };
    if (answer.replacedAt) return { ok: false, reason: 'already_replaced' };
    // A running turn first: what is newest is about to change.
    const reserved = await reserveChat(tx, input);
    if (!reserved.ok) return reserved;
    const [newest] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), isNull(messages.replacedAt)))
      .orderBy(desc(messages.seq))
      .limit(1);
    if (newest?.id !== answer.id) throw new Refusal({ ok: false, reason: 'not_newest' });
    const [question] = await tx
      .select({ id: messages.id, seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), eq(messages.role, 'user'), isNull(messages.replacedAt), lt(messages.seq, answer.seq!)))
      .orderBy(desc(messages.seq))
      .limit(1);
    if (!question) throw new Refusal({ ok: false, reason: 'not_found' });

    await replaceFrom(tx, input.chatId, question.seq!, false);
    // The new run takes the question (recordRunQueued / claimChatForRun point it at itself),
    // linked to the run whose answer it replaces, as a re-run is.
    const request: TurnRequest = { ...input.request, ...(answer.runId ? { rerunOf: answer.runId } : {}) };
    await tx
      .update(messages)
      .set({ runId: null, metadata: request })
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, question.id)));
    return { ok: true, userMessageId: question.id, replacedRunId: answer.runId };
  });
}

/**
 * Edit and resend: the edited text becomes a new user message at the end of the chat; the
 * message it edits and every turn after it are replaced (their runs stay in run review); the
 * chat is reserved for the run that answers it. Atomic.
 */
export async function beginEdit(input: {
  chatId: string;
  userId: string;
  reservation: string;
  editedId: string;
  message: Pick<ChatMessage, 'id' | 'parts'>;
  request: TurnRequest;
}): Promise<ReplaceTurnResult> {
  return inTransaction(async (tx) => {
    const edited = await findMessage(tx, input.chatId, input.editedId);
    if (!edited || edited.role !== 'user') return { ok: false, reason: 'not_found' };
    if (edited.replacedAt) return { ok: false, reason: 'already_replaced' };
    // Ids are the chat's own (primary key chat_id, id): another chat's message never collides.
    const [taken] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.message.id)));
    if (taken) return { ok: false, reason: 'message_conflict' };

    const reserved = await reserveChat(tx, input);
    if (!reserved.ok) return reserved;
    await replaceFrom(tx, input.chatId, edited.seq!, true);
    await tx.insert(messages).values({
      id: input.message.id,
      chatId: input.chatId,
      role: 'user',
      parts: input.message.parts,
      metadata: input.request,
    });
    return { ok: true, userMessageId: input.message.id, replacedRunId: edited.runId };
  });
}
