'use client';

import { Hourglass, Loader2, MoreHorizontal, Pencil, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { MAX_TITLE_CHARS } from '@/lib/chat/title';
import type { ChatListItem } from './chats-api';

/** One chat in the list: its link, its state, and a menu to rename it (in place) or delete it. */
export function ChatRow({
  chat,
  active,
  onRename,
  onDelete,
}: {
  chat: ChatListItem;
  active: boolean;
  /** Resolves when saved; rejects with a message to show. */
  onRename: (title: string) => Promise<void>;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const renameChosen = useRef(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    // A rename finished from the keyboard gives focus back to where it started.
    if (!editing && refocus.current) menuButton.current?.focus();
    refocus.current = false;
  }, [editing]);

  if (editing) {
    const done = (returnFocus: boolean) => {
      refocus.current = returnFocus;
      setEditing(false);
    };
    return <RenameField title={chat.title} onSave={onRename} onDone={done} />;
  }
  return (
    <li className="group relative">
      <Link
        href={`/chat/${chat.id}`}
        aria-current={active ? 'page' : undefined}
        className={`flex items-center gap-2 rounded-md py-2 pr-9 pl-2 text-sm ${active ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`}
      >
        {chat.running && chat.waitingForApproval ? (
          <Hourglass className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" aria-label="Waiting for approval" />
        ) : chat.running ? (
          <Loader2 className="size-3.5 shrink-0 animate-spin text-accent" aria-label="Answering" />
        ) : null}
        <span className="truncate">{chat.title}</span>
      </Link>
      {/* Not modal: its items open a dialog or a text field, which then own focus and the page. */}
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          {/* Always shown on touch screens and narrow ones; on a desktop, on hover or focus. */}
          <Button
            ref={menuButton}
            data-chat-options={chat.id}
            variant="ghost"
            size="icon-sm"
            aria-label={`Options for chat “${chat.title}”`}
            className="absolute top-1/2 right-1 -translate-y-1/2 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100 md:data-[state=open]:opacity-100 md:pointer-coarse:opacity-100"
          >
            <MoreHorizontal className="size-4" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent
          // Renaming moves focus into the title field; the menu must not take it back to its button.
          onCloseAutoFocus={(event) => {
            if (renameChosen.current) event.preventDefault();
            renameChosen.current = false;
          }}
        >
          <DropdownMenuItem
            onSelect={() => {
              renameChosen.current = true;
              setEditing(true);
            }}
          >
            <Pencil className="size-3.5" aria-hidden /> Rename
          </DropdownMenuItem>
          <DropdownMenuItem destructive onSelect={onDelete}>
            <Trash2 className="size-3.5" aria-hidden /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </li>
  );
}

/** The title in a text field: Enter or leaving the field saves, Escape cancels. */
function RenameField({
  title,
  onSave,
  onDone,
}: {
  title: string;
  onSave: (title: string) => Promise<void>;
  onDone: (returnFocus: boolean) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const saving = useRef(false);

  useEffect(() => {
    // After the menu has closed and let go of focus.
    const timer = setTimeout(() => input.current?.select(), 0);
    return () => clearTimeout(timer);
  }, []);

  async function save(fromKeyboard: boolean) {
    if (saving.current) return;
    const next = input.current?.value.trim() ?? '';
    if (next === title) return onDone(fromKeyboard);
    if (!next) return setError('A title needs at least one character.');
    saving.current = true;
    try {
      await onSave(next);
      onDone(fromKeyboard);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not rename the chat.');
      input.current?.focus();
    } finally {
      saving.current = false;
    }
  }

  return (
    <li className="px-1 py-1">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save(true);
        }}
      >
        <input
          ref={input}
          defaultValue={title}
          maxLength={MAX_TITLE_CHARS}
          aria-label="Chat title"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'rename-error' : undefined}
          className="w-full rounded-md border bg-background px-2 py-1.5 text-sm outline-none focus-visible:border-accent"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              onDone(true);
            }
          }}
          onBlur={() => void save(false)}
        />
      </form>
      {error && (
        <p id="rename-error" role="alert" className="px-1 pt-1 text-xs text-destructive">
          {error}
        </p>
      )}
    </li>
  );
}
