import { and, desc, eq, gt, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { ChatMessage, ChatMessageMetadata } from '@/lib/chat/types';
import { db, type Tx } from '../client';
import { chats, messages, runs, type RunStatus } from '../schema';
import { RESERVATION_PREFIX, RESERVATION_TTL_MS } from './chats';

export type BeginTurnResult =
  | { ok: true; retried: boolean }
  | { ok: false; reason: 'busy'; activeRunId: string }
  | { ok: false; reason: 'message_conflict' }
  | { ok: false; reason: 'already_answered'; runId: string };

/** What a user message asks of its turn besides its text; kept with it, so a turn can be started later. */
export interface TurnRequest {
  model: string;
  /** The run a re-run repeats. */
  rerunOf?: string;
}

/**
 * Reserves the chat for a new turn and stores the user's message, atomically.
 * Sending a message id that is already the chat's newest user message retries that
 * turn, unless it was answered: the answers after it are dropped and a new run will
 * write a fresh one. A completed turn is never run again by a repeated request (its
 * effects would happen twice); the caller gets the run that answered it.
 */
export async function beginTurn(input: {
  chatId: string;
  userId: string;
  reservation: string;
  message: Pick<ChatMessage, 'id' | 'parts'>;
  request?: TurnRequest;
}): Promise<BeginTurnResult> {
  return (await db()).transaction(async (tx): Promise<BeginTurnResult> => {
    const [existing] = await tx
      .select({ role: messages.role, seq: messages.seq, runId: messages.runId })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.message.id)));
    if (existing) {
      const [newestUser] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.chatId, input.chatId), eq(messages.role, 'user'), isNull(messages.replacedAt)))
        .orderBy(desc(messages.seq))
        .limit(1);
      const isRetry = newestUser?.id === input.message.id;
      if (!isRetry) return { ok: false, reason: 'message_conflict' };
      if (existing.runId) {
        const [run] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, existing.runId));
        if (run?.status === 'completed') return { ok: false, reason: 'already_answered', runId: existing.runId };
      }
    }

    const reserved = await reserveChat(tx, input);
    if (!reserved.ok) return reserved;

    if (existing) {
      // Answers replaced earlier (a regenerated one) stay for run review; the failed one goes.
      await tx
        .delete(messages)
        .where(and(eq(messages.chatId, input.chatId), gt(messages.seq, existing.seq!), isNull(messages.replacedAt)));
      await tx
        .update(messages)
        .set({ runId: null, ...(input.request ? { metadata: input.request } : {}) })
        .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.message.id)));
      return { ok: true, retried: true };
    }
    await tx.insert(messages).values({
      id: input.message.id,
      chatId: input.chatId,
      role: 'user',
      parts: input.message.parts,
      metadata: input.request ?? null,
    });
    return { ok: true, retried: false };
  });
}

/**
 * Takes the chat for a new turn inside the caller's transaction: only when no turn holds it
 * (or a reservation whose request died long ago does). Busy names what holds it.
 */
export async function reserveChat(
  tx: Tx,
  input: { chatId: string; userId: string; reservation: string },
): Promise<{ ok: true } | { ok: false; reason: 'busy'; activeRunId: string }> {
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
  if (reserved.length > 0) return { ok: true };
  const [chat] = await tx.select({ activeRunId: chats.activeRunId }).from(chats).where(eq(chats.id, input.chatId));
  return { ok: false, reason: 'busy', activeRunId: chat?.activeRunId ?? '' };
}

export interface RunRecordInput {
  runId: string;
  chatId: string;
  userId: string;
  userMessageId: string;
  model: string;
}

/**
 * Records that a run was started for the reserved turn (the route or the reconciler, right
 * after `start()`): the run's row, queued, and the user message pointed at it unless a run
 * already claimed the turn. Idempotent; never moves a run backwards or out of a final state.
 */
export async function recordRunQueued(input: RunRecordInput & { rerunOf?: string }) {
  await (await db()).transaction(async (tx) => {
    await upsertRun(tx, { ...input, status: 'queued' });
    await tx
      .update(messages)
      .set({ runId: input.runId })
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.userMessageId), isNull(messages.runId)));
  });
}

async function upsertRun(tx: Tx, input: RunRecordInput & { status: RunStatus; rerunOf?: string; error?: string }) {
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
      error: input.error ?? null,
      finishedAt: input.status === 'queued' || input.status === 'running' ? null : new Date(),
    })
    .onConflictDoUpdate({
      target: runs.id,
      // Never move a run backwards (running -> queued) or out of a final state.
      set: {
        status: sql`case when ${runs.status} = 'queued' then excluded.status else ${runs.status} end`,
        error: sql`case when ${runs.status} = 'queued' then excluded.error else ${runs.error} end`,
        finishedAt: sql`case when ${runs.status} = 'queued' then excluded.finished_at else ${runs.finishedAt} end`,
      },
    });
}

export type ClaimResult = { outcome: 'claimed' } | { outcome: 'superseded' } | { outcome: 'refused'; reason: string };

/**
 * The run's first act: takes the chat for this turn, swapping the route's reservation for
 * its own id (a repeated claim by the same run is fine). Refused when the chat or the
 * message does not belong to the user the run was started for (a forged run reads and
 * writes nothing); superseded when another run already took this turn (the reconciler
 * started a second run for a request it thought had died). Only a claimed run is recorded
 * as running and may write into the chat.
 */
export async function claimChatForRun(input: RunRecordInput & { reservation: string; rerunOf?: string }): Promise<ClaimResult> {
  return (await db()).transaction(async (tx): Promise<ClaimResult> => {
    const [chat] = await tx
      .select({ userId: chats.userId, activeRunId: chats.activeRunId, deletedAt: chats.deletedAt })
      .from(chats)
      .where(eq(chats.id, input.chatId))
      .for('update');
    if (!chat || chat.userId !== input.userId) {
      return { outcome: 'refused', reason: `chat ${input.chatId} does not belong to user ${input.userId}` };
    }
    if (chat.deletedAt) return { outcome: 'refused', reason: `chat ${input.chatId} was deleted` };
    const [message] = await tx
      .select({ role: messages.role })
      .from(messages)
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.userMessageId)));
    if (!message || message.role !== 'user') {
      return { outcome: 'refused', reason: `message ${input.userMessageId} is not a user message of chat ${input.chatId}` };
    }
    if (chat.activeRunId !== input.runId) {
      if (chat.activeRunId !== input.reservation) {
        await upsertRun(tx, { ...input, status: 'cancelled', error: 'Another run answered this message.' });
        return { outcome: 'superseded' };
      }
      await tx.update(chats).set({ activeRunId: input.runId, activeRunClaimedAt: new Date() }).where(eq(chats.id, input.chatId));
    }
    await upsertRun(tx, { ...input, status: 'running' });
    await tx
      .update(messages)
      .set({ runId: input.runId })
      .where(and(eq(messages.chatId, input.chatId), eq(messages.id, input.userMessageId)));
    return { outcome: 'claimed' };
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
 * state, and the chat released for the next turn. Only the run that holds the chat writes
 * into it (a run that never claimed it, or lost it to another, records only its own end).
 * Safe to repeat (a retried step).
 */
export async function finishTurn(input: FinishTurnInput): Promise<void> {
  await (await db()).transaction(async (tx) => {
    const [chat] = await tx.select({ activeRunId: chats.activeRunId }).from(chats).where(eq(chats.id, input.chatId)).for('update');
    if (!chat) return; // deleted while the turn ran: nothing left to store into
    const holdsChat = chat.activeRunId === input.runId;
    if (input.assistantMessage && holdsChat) {
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
    if (holdsChat) {
      await tx
        .update(chats)
        .set({ activeRunId: null, activeRunClaimedAt: null, updatedAt: new Date() })
        .where(eq(chats.id, input.chatId));
    }
  });
}

export interface ReservedTurn {
  chatId: string;
  userId: string;
  reservation: string;
  /** The chat's newest user message: what the reserved turn is to answer. */
  message: { id: string; runId: string | null; request: Partial<TurnRequest> } | null;
}

/** Chats reserved for a turn (by a chat request) before `before` whose run has not claimed them. */
export async function listReservedTurns(before: Date, limit = 50): Promise<ReservedTurn[]> {
  const database = await db();
  const reserved = await database
    .select({ chatId: chats.id, userId: chats.userId, reservation: chats.activeRunId })
    .from(chats)
    .where(and(like(chats.activeRunId, `${RESERVATION_PREFIX}%`), lt(chats.activeRunClaimedAt, before)))
    .limit(limit);
  return Promise.all(
    reserved.map(async (chat) => {
      const [message] = await database
        .select({ id: messages.id, runId: messages.runId, metadata: messages.metadata })
        .from(messages)
        .where(and(eq(messages.chatId, chat.chatId), eq(messages.role, 'user'), isNull(messages.replacedAt)))
        .orderBy(desc(messages.seq))
        .limit(1);
      return {
        chatId: chat.chatId,
        userId: chat.userId,
        reservation: chat.reservation!,
        message: message ? { id: message.id, runId: message.runId, request: (message.metadata ?? {}) as Partial<TurnRequest> } : null,
      };
    }),
  );
}

/**
 * A reserved turn whose run ended before it ever took the chat (it failed in its first
 * step, or was lost): records the run failed, stores a failed answer the person can retry,
 * and frees the chat. Nothing happens if the reservation is gone already.
 */
export async function failReservedTurn(input: { chatId: string; reservation: string; runId: string; error: string }): Promise<boolean> {
  return (await db()).transaction(async (tx) => {
    const freed = await tx
      .update(chats)
      .set({ activeRunId: null, activeRunClaimedAt: null, updatedAt: new Date() })
      .where(and(eq(chats.id, input.chatId), eq(chats.activeRunId, input.reservation)))
      .returning({ id: chats.id });
    if (freed.length === 0) return false;
    const metadata: ChatMessageMetadata = { status: 'failed', error: input.error };
    await tx
      .insert(messages)
      .values({ id: `msg_${input.runId}`, chatId: input.chatId, role: 'assistant', parts: [], metadata, runId: input.runId })
      .onConflictDoNothing();
    await tx
      .update(runs)
      .set({ status: 'failed', error: input.error, finishedAt: new Date() })
      .where(and(eq(runs.id, input.runId), or(eq(runs.status, 'queued'), eq(runs.status, 'running'))));
    return true;
  });
}
