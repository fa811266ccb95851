import { generateId } from 'ai';
import type { QueueRequest } from '@/lib/chat/schemas';
import type { QueuedMessageView } from '@/lib/chat/types';

export type QueueResult = { ok: true; queued: QueuedMessageView } | { ok: false; message: string };

/** Stores a message to be sent when the chat's current turn ends. */
export async function queueMessage(chatId: string, text: string, model: string): Promise<QueueResult> {
  const message = { id: generateId(), role: 'user' as const, parts: [{ type: 'text' as const, text }] };
  const body: QueueRequest = { message, model };
  try {
    const response = await fetch(`/api/chats/${chatId}/queue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) return { ok: false, message: await errorMessage(response, 'Could not queue your message.') };
    return { ok: true, queued: { id: message.id, parts: message.parts, queuedAt: new Date().toISOString() } };
  } catch {
    return { ok: false, message: 'Could not reach the server: your message was not queued.' };
  }
}

/** Takes a queued message back; false (with why) when it already started or is gone. */
export async function cancelQueuedMessage(chatId: string, messageId: string): Promise<{ ok: boolean; message?: string }> {
  try {
    const response = await fetch(`/api/chats/${chatId}/queue/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
    if (response.ok) return { ok: true };
    return { ok: false, message: await errorMessage(response, 'Could not take the message back.') };
  } catch {
    return { ok: false, message: 'Could not reach the server. Try again.' };
  }
}

async function errorMessage(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? fallback;
}
