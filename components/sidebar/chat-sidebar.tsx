'use client';

import { Activity, FileClock, MessageSquarePlus } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import useSWR from 'swr';
import { Button } from '@/components/ui/button';
import { Tooltip } from '@/components/ui/tooltip';
import { AccountMenu, type Me } from './account-menu';
import { ApprovalsLink } from './approvals-link';
import { ChatRow } from './chat-row';
import { ChatSearchBox, ChatSearchResults } from './chat-search';
import { CHATS_KEY, deleteChat, fetchChats, renameChat, type ChatListItem } from './chats-api';
import { groupByLastActivity } from './date-groups';
import { DeleteChatDialog } from './delete-chat-dialog';
import { useViewerClock } from './use-viewer-clock';

const navLinkClasses = (active: boolean) => `flex items-center gap-2 rounded-md px-2 py-2 text-sm ${active ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`;

/** The user's chats from the database, by last activity, with new chat, search, rename and delete. */
export function ChatSidebar({ initialChats, me }: { initialChats: ChatListItem[]; me: Me }) {
  const { data: chats = initialChats, mutate } = useSWR(CHATS_KEY, fetchChats, {
    fallbackData: initialChats,
    revalidateOnMount: false,
  });
  const pathname = usePathname();
  const router = useRouter();
  const clock = useViewerClock();
  const [query, setQuery] = useState('');
  const [pendingDelete, setPendingDelete] = useState<ChatListItem | null>(null);
  const lastDeleteTarget = useRef<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const groupIds = useId();
  const activeChatId = pathname.startsWith('/chat/') ? pathname.slice('/chat/'.length) : null;

  // The new-chat page mints a chat id on the server; refresh so each new chat gets its own
  // (the address bar may already say "/" for a chat that started there).
  function startNewChat() {
    router.push('/');
    router.refresh();
  }

  async function rename(chat: ChatListItem, title: string) {
    await renameChat(chat.id, title);
    await mutate(chats.map((c) => (c.id === chat.id ? { ...c, title } : c)), { revalidate: true });
  }

  async function confirmDelete(chat: ChatListItem) {
    await deleteChat(chat.id);
    await mutate(chats.filter((c) => c.id !== chat.id), { revalidate: true });
    if (activeChatId === chat.id) startNewChat();
  }

  const groups = clock ? groupByLastActivity(chats, clock.now, clock.timeZone) : [{ group: null, chats }];

  return (
    <>
      <div className="flex h-12 shrink-0 items-center justify-between border-b px-3">
        <Link href="/" className="text-sm font-semibold tracking-tight">
          Support Agent
        </Link>
        <Tooltip label="New chat">
          <Button asChild variant="ghost" size="icon">
            <Link
              href="/"
              onClick={(event) => {
                event.preventDefault();
                startNewChat();
              }}
              aria-label="New chat"
            >
              <MessageSquarePlus className="size-4" />
            </Link>
          </Button>
        </Tooltip>
      </div>
      <nav aria-label="Main" className="border-b p-2">
        <ApprovalsLink active={pathname === '/approvals'} />
        <Link href="/runs" aria-current={pathname.startsWith('/runs') ? 'page' : undefined} className={navLinkClasses(pathname.startsWith('/runs'))}>
          <Activity className="size-4 text-muted-foreground" aria-hidden />
          Runs
        </Link>
        {me.role !== 'agent' && (
          <Link href="/audit" aria-current={pathname === '/audit' ? 'page' : undefined} className={navLinkClasses(pathname === '/audit')}>
            <FileClock className="size-4 text-muted-foreground" aria-hidden />
            Audit
          </Link>
        )}
      </nav>
      {chats.length > 0 && <ChatSearchBox ref={searchBox} value={query} onChange={setQuery} />}
      <nav aria-label="Chat history" className="min-h-0 flex-1 overflow-y-auto p-2">
        {query.trim() ? (
          <ChatSearchResults query={query} activeChatId={activeChatId} />
        ) : chats.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-muted-foreground">Your chats will appear here.</p>
        ) : (
          groups.map(({ group, chats: inGroup }, index) => (
            <section key={group ?? 'all'} aria-labelledby={group ? `${groupIds}-${index}` : undefined} className="mb-3">
              {group && (
                <h2 id={`${groupIds}-${index}`} className="px-2 pb-1 text-xs font-medium text-muted-foreground">
                  {group}
                </h2>
              )}
              <ul className="space-y-0.5">
                {inGroup.map((chat) => (
                  <ChatRow
                    key={chat.id}
                    chat={chat}
                    active={chat.id === activeChatId}
                    onRename={(title) => rename(chat, title)}
                    onDelete={() => {
                      lastDeleteTarget.current = chat.id;
                      setPendingDelete(chat);
                    }}
                  />
                ))}
              </ul>
            </section>
          ))
        )}
      </nav>
      <AccountMenu me={me} />
      <DeleteChatDialog
        chat={pendingDelete}
        onConfirm={confirmDelete}
        onClose={() => setPendingDelete(null)}
        returnFocus={() =>
          document.querySelector<HTMLElement>(`[data-chat-options="${lastDeleteTarget.current}"]`) ?? searchBox.current
        }
      />
    </>
  );
}
