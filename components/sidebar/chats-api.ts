import { mutate } from 'swr';
import { coalesce } from '@/lib/coalesce';
import { chatListResponseSchema, chatSearchResponseSchema, renameChatResponseSchema } from '@/lib/chat/schemas';
import type { ChatListItem, ChatSearchHit, RenameChatRequest, RenameChatResponse } from '@/lib/chat/types';

// The sidebar's one way to the chat list's routes: each call checks the answer against the
// wire contract (lib/chat/schemas.ts) and fails with the server's own message.

export type { ChatListItem, ChatSearchHit };

export const CHATS_KEY = '/api/chats';

/** A request the server refused; `message` is its sentence for people. */
export class ChatsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ChatsApiError';
  }
}

async function failure(response: Response, fallback: string): Promise<ChatsApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new ChatsApiError(response.status, body?.error?.message ?? `${fallback} (${response.status})`);
}

export async function fetchChats(): Promise<ChatListItem[]> {
  const response = await fetch(CHATS_KEY);
  if (!response.ok) throw await failure(response, 'Could not load chats');
  return chatListResponseSchema.parse(await response.json()).chats;
}

export async function renameChat(chatId: string, title: string): Promise<RenameChatResponse['chat']> {
  const body: RenameChatRequest = { title };
  const response = await fetch(`/api/chats/${chatId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response, 'Could not rename the chat');
  return renameChatResponseSchema.parse(await response.json()).chat;
}

/** Deletes a chat; one that is gone already counts as deleted. */
export async function deleteChat(chatId: string): Promise<void> {
  const response = await fetch(`/api/chats/${chatId}`, { method: 'DELETE' });
  if (!response.ok && response.status !== 404) throw await failure(response, 'Could not delete the chat');
}

export const searchKey = (query: string) => `/api/chats/search?q=${encodeURIComponent(query)}`;

export async function searchChats(key: string): Promise<ChatSearchHit[]> {
  const response = await fetch(key);
  if (!response.ok) throw await failure(response, 'Could not search');
  return chatSearchResponseSchema.parse(await response.json()).chats;
}

/** Asks the sidebar to reload its list (a chat was created, or a turn started or ended). */
export function refreshChatList(): void {
  void mutate(CHATS_KEY);
}

/** For news that can wait a moment (a turn waiting for a decision, answering again): calls close together share one request. */
export const refreshChatListSoon = coalesce(refreshChatList, 300);
