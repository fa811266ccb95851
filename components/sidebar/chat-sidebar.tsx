'use client';

import { Activity, FileClock, Hourglass, Loader2, MessageSquarePlus, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import useSWR from 'swr';
import { CHATS_KEY, fetchChats, type ChatListItem } from '@/components/sidebar/chats-api';
import { AccountMenu, type Me } from './account-menu';
import { ApprovalsLink } from './approvals-link';

/** The user's chats from the database, newest first, with new-chat and delete. */
export function ChatSidebar({ initialChats, me }: { initialChats: ChatListItem[]; me: Me }) {
  const { data: chats = initialChats, mutate } = useSWR(CHATS_KEY, fetchChats, {
    fallbackData: initialChats,
    revalidateOnMount: false,
  });
  const pathname = usePathname();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pendingDelete, setPendingDelete] = useState<ChatListItem | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function confirmDelete() {
    const chat = pendingDelete;
    if (!chat) return;
    const response = await fetch(`/api/chats/${chat.id}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) {
      setDeleteError('Could not delete the chat. Please try again.');
      return;
    }
    dialog.current?.close();
    await mutate(chats.filter((c) => c.id !== chat.id), { revalidate: true });
    if (pathname === `/chat/${chat.id}`) startNewChat();
  }

  // The new-chat page mints a chat id on the server; refresh so each new chat gets its own
  // (the address bar may already say "/" for a chat that started there).
  function startNewChat() {
    router.push('/');
    router.refresh();
  }

  return (
    <>
      <div className="flex h-12 shrink-0 items-center justify-between border-b px-3">
        <Link href="/" className="text-sm font-semibold tracking-tight">
          Support Agent
        </Link>
        <Link
          href="/"
          onClick={(event) => {
            event.preventDefault();
            startNewChat();
          }}
          className="rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
          aria-label="New chat"
          title="New chat"
        >
          <MessageSquarePlus className="size-4" />
        </Link>
      </div>
      <nav aria-label="Main" className="border-b p-2">
        <ApprovalsLink active={pathname === '/approvals'} />
        <Link
          href="/runs"
          aria-current={pathname.startsWith('/runs') ? 'page' : undefined}
          className={`flex items-center gap-2 rounded-md px-2 py-2 text-sm ${pathname.startsWith('/runs') ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`}
        >
          <Activity className="size-4 text-muted-foreground" aria-hidden />
          Runs
        </Link>
        {me.role !== 'agent' && (
          <Link
            href="/audit"
            aria-current={pathname === '/audit' ? 'page' : undefined}
            className={`flex items-center gap-2 rounded-md px-2 py-2 text-sm ${pathname === '/audit' ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`}
          >
            <FileClock className="size-4 text-muted-foreground" aria-hidden />
            Audit
          </Link>
        )}
      </nav>
      <nav aria-label="Chat history" className="min-h-0 flex-1 overflow-y-auto p-2">
        {chats.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-muted-foreground">Your chats will appear here.</p>
        ) : (
          <ul className="space-y-0.5">
            {chats.map((chat) => {
              const active = pathname === `/chat/${chat.id}`;
              return (
                <li key={chat.id} className="group relative">
                  <Link
                    href={`/chat/${chat.id}`}
                    aria-current={active ? 'page' : undefined}
                    className={`flex items-center gap-2 rounded-md py-2 pr-9 pl-2 text-sm ${
                      active ? 'bg-muted font-medium' : 'hover:bg-muted/70'
                    }`}
                  >
                    {chat.running && chat.waitingForApproval ? (
                      <Hourglass className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" aria-label="Waiting for approval" />
                    ) : chat.running ? (
                      <Loader2 className="size-3.5 shrink-0 animate-spin text-accent" aria-label="Answering" />
                    ) : null}
                    <span className="truncate">{chat.title}</span>
                  </Link>
                  <button
                    type="button"
                    aria-label={`Delete chat “${chat.title}”`}
                    className="absolute top-1/2 right-1 -translate-y-1/2 rounded p-1.5 text-muted-foreground opacity-100 hover:bg-background hover:text-destructive focus-visible:opacity-100 md:opacity-0 md:group-hover:opacity-100"
                    onClick={() => {
                      setDeleteError(null);
                      setPendingDelete(chat);
                      dialog.current?.showModal();
                    }}
                  >
                    <Trash2 className="size-3.5" />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </nav>
      <AccountMenu me={me} />
      <dialog
        ref={dialog}
        aria-labelledby="delete-chat-title"
        className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-lg border bg-background p-5 text-foreground shadow-xl backdrop:bg-black/40"
        onClose={() => setPendingDelete(null)}
      >
        <h2 id="delete-chat-title" className="text-base font-semibold">
          Delete this chat?
        </h2>
        <p className="mt-2 text-sm text-muted-foreground">
          “{pendingDelete?.title}” and its messages will be deleted for good. A turn still running is stopped.
        </p>
        {deleteError && (
          <p role="alert" className="mt-2 text-sm text-destructive">
            {deleteError}
          </p>
        )}
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" className="rounded-md border px-3 py-1.5 text-sm hover:bg-muted" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className="rounded-md bg-destructive px-3 py-1.5 text-sm font-medium text-white hover:opacity-90"
            onClick={confirmDelete}
          >
            Delete
          </button>
        </div>
      </dialog>
    </>
  );
}
