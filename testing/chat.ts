import { randomUUID } from 'node:crypto';
import type { UIMessageChunk } from 'ai';
import { getRun } from 'workflow/api';
import type { ChatTurnOutput } from '@/agents/chat-turn';
import { startChatTurn } from '@/lib/chat/start-chat-turn';

export function userMessage(text: string, id = `u_${randomUUID()}`) {
  return { id, role: 'user' as const, parts: [{ type: 'text' as const, text }] };
}

export async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<T>) chunks.push(chunk);
  return chunks;
}

/** Sends one message the way the chat route does, and waits for the run to end. */
export async function sendAndWait(userId: string, text: string, options: { chatId?: string; model?: string } = {}) {
  const chatId = options.chatId ?? randomUUID();
  const message = userMessage(text);
  const { runId, stream } = await startChatTurn(userId, { id: chatId, message, model: options.model });
  const chunks: UIMessageChunk[] = await readAll(stream);
  // A failed turn fails its run (after storing what it could): report it as an outcome.
  const output = await getRun<ChatTurnOutput>(runId).returnValue.catch(() => ({ status: 'failed' as const }));
  return { chatId, runId, chunks, output, message };
}

export function textOf(chunks: UIMessageChunk[]): string {
  return chunks.map((c) => (c.type === 'text-delta' ? c.delta : '')).join('');
}
