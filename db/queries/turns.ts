import { and, desc, eq, gt, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { ChatMessage, ChatMessageMetadata } from '@/lib/chat/types';
import { db } from '../client';
import { chats, messages, runs, type RunStatus } from '../schema';
import { RESERVATION_PREFIX, RESERVATION_TTL_MS } from './chats';

export type BeginTurnResult =
  | { ok: true; retried: boolean }
  | { ok: false; reason: 'busy'; activeRunId: string }
  | { ok: false; reason: 'message_conflict' };

/**
 * Reserves the chat for a new turn and stores the user's message, atomically.
 * Sending a message id that is already the chat's newest user message retries that
 * turn: the answers after it are dropped and a new run will write a fresh one.
 */
export async function beginTurn(input: {
  chatId: string;
  userId: string;
  reservation: string;
  message: Pick<ChatMessage, 'id' | 'parts'>;
}): Promise<BeginTurnResult> {
  return (await db()).transaction(async (tx): Promise<BeginTurnResult> => {
    const [existing] = await tx
      .select({ chatId: messages.chatId, role: messages.role, seq: messages.seq })
      .from(messages)
      .where(eq(messages.id, input.message.id));
    if (existing) {
      const [newestUser] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.chatId, input.chatId), eq(messages.role, 'user')))
        .orderBy(desc(messages.seq))
        .limit(1);
      const isRetry = existing.chatId === input.chatId && newestUser?.id === input.message.id;
      if (!isRetry) return { ok: false, reason: 'message_conflict' };
    }

    const staleBefore = new Date(Date.now() - RESERVATION_TTL_MS);
    const reserved = await tx
      .update(chats)
      .set({ activeRunId: input.reservation, activeRunClaimedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(chats.id, input.chatId),
          eq(chats.userId, input.userId),
          or(
            isNull(chats.activeRunId),
            and(like(chats.activeRunId, `${RESERVATION_PREFIX}%`), lt(chats.activeRunClaimedAt, staleBefore)),
          ),
        ),
      )
      .returning({ id: chats.id });
    if (reserved.length === 0) {
      const [chat] = await tx.select({ activeRunId: chats.activeRunId }).from(chats).where(eq(chats.id, input.chatId));
      return { ok: false, reason: 'busy', activeRunId: chat?.activeRunId ?? '' };
    }

    if (existing) {
      await tx.delete(messages).where(and(eq(messages.chatId, input.chatId), gt(messages.seq, existing.seq!)));
      return { ok: true, retried: true };
    }
    await tx.insert(messages).values({
      id: input.message.id,
      chatId: input.chatId,
      role: 'user',
      parts: input.message.parts,
    });
    return { ok: true, retried: false };
  });
}

export interface RunRecordInput {
  runId: string;
  chatId: string;
  userId: string;
  userMessageId: string;
  model: string;
}

/** Records a run and points the chat and its user message at it. Idempotent: route and run both call it. */
export async function recordRunStarted(
  input: RunRecordInput & { reservation: string; status: 'queued' | 'running'; rerunOf?: string },
) {
  await (await db()).transaction(async (tx) => {
    await tx
      .insert(runs)
      .values({
        id: input.runId,
        chatId: input.chatId,
        userId: input.userId,
        userMessageId: input.userMessageId,
        model: input.model,
        status: input.status,
        rerunOf: input.rerunOf ?? null,
      })
      .onConflictDoUpdate({
        target: runs.id,
        // Never move a run backwards (running -> queued) or out of a final state.
        set: { status: sql`case when ${runs.status} = 'queued' then excluded.status else ${runs.status} end` },
      });
    // Swap the route's reservation for the run id. Never claim a free chat: the run may
    // already have finished and released it, or another turn may hold it.
    await tx
      .update(chats)
      .set({ activeRunId: input.runId, activeRunClaimedAt: new Date() })
      .where(and(eq(chats.id, input.chatId), eq(chats.activeRunId, input.reservation)));
    await tx.update(messages).set({ runId: input.runId }).where(eq(messages.id, input.userMessageId));
  });
}

export interface FinishTurnInput {
  chatId: string;
  runId: string;
  status: Exclude<RunStatus, 'queued' | 'running'>;
  /** The assistant's answer, possibly partial; null when it wrote nothing. */
  assistantMessage: ChatMessage | null;
  error?: string;
  usage?: { inputTokens: number; outputTokens: number };
  activity?: { modelCalls: number; toolCalls: number };
}

/**
 * Stores the turn's outcome in one transaction: the assistant message, the run's final
 * state, and the chat released for the next turn. Safe to repeat (a retried step).
 */
export async function finishTurn(input: FinishTurnInput): Promise<void> {
  await (await db()).transaction(async (tx) => {
    const [chat] = await tx.select({ id: chats.id }).from(chats).where(eq(chats.id, input.chatId));
    if (!chat) return; // deleted while the turn ran: nothing left to store into
    if (input.assistantMessage) {
      const { createdAt: _createdAt, ...metadata } = input.assistantMessage.metadata ?? {};
      await tx
        .insert(messages)
        .values({
          id: input.assistantMessage.id,
          chatId: input.chatId,
          role: 'assistant',
          parts: input.assistantMessage.parts,
          metadata: metadata satisfies ChatMessageMetadata,
          runId: input.runId,
        })
        .onConflictDoNothing();
    }
    await tx
      .update(runs)
      .set({
        status: input.status,
        finishedAt: new Date(),
        error: input.error ?? null,
        inputTokens: input.usage?.inputTokens ?? null,
        outputTokens: input.usage?.outputTokens ?? null,
        modelCalls: input.activity?.modelCalls ?? null,
        toolCalls: input.activity?.toolCalls ?? null,
        assistantMessageId: input.assistantMessage?.id ?? null,
      })
      .where(and(eq(runs.id, input.runId), or(eq(runs.status, 'queued'), eq(runs.status, 'running'))));
    await tx
      .update(chats)
      .set({ activeRunId: null, activeRunClaimedAt: null, updatedAt: new Date() })
      .where(and(eq(chats.id, input.chatId), eq(chats.activeRunId, input.runId)));
  });
}
