import { mutate } from 'swr';

export interface ChatListItem {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  running: boolean;
  waitingForApproval: boolean;
}

export const CHATS_KEY = '/api/chats';

export async function fetchChats(): Promise<ChatListItem[]> {
  const response = await fetch(CHATS_KEY);
  if (!response.ok) throw new Error(`Could not load chats (${response.status})`);
  return ((await response.json()) as { chats: ChatListItem[] }).chats;
}

/** Asks the sidebar to reload its list (a chat was created, or a turn started or ended). */
export function refreshChatList(): void {
  void mutate(CHATS_KEY);
}
