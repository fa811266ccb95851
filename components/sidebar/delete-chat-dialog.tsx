'use client';

import { useState } from 'react';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import type { ChatListItem } from './chats-api';

/** Asks before a chat is deleted; stays open with the reason when deleting fails. */
export function DeleteChatDialog({
  chat,
  onConfirm,
  onClose,
  returnFocus,
}: {
  chat: ChatListItem | null;
  /** Opened from a menu, it has no trigger of its own to give focus back to: this finds one. */
  returnFocus: () => HTMLElement | null;
  /** Rejects with a message to show. */
  onConfirm: (chat: ChatListItem) => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <AlertDialog
      open={chat !== null}
      onOpenChange={(open) => {
        if (open) return;
        setError(null);
        onClose();
      }}
    >
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus()?.focus();
        }}
      >
        <AlertDialogTitle>Delete this chat?</AlertDialogTitle>
        <AlertDialogDescription>
          “{chat?.title}” leaves your chats and search. {chat?.running ? 'Its answer in progress is stopped. ' : ''}Its runs stay in run review.
        </AlertDialogDescription>
        {error && (
          <p role="alert" className="mt-2 text-sm text-destructive">
            {error}
          </p>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel />
          <AlertDialogAction
            variant="destructive"
            disabled={busy}
            onClick={async (event) => {
              event.preventDefault(); // close only once it is deleted
              if (!chat) return;
              setBusy(true);
              try {
                await onConfirm(chat);
                setError(null);
                onClose();
              } catch (failure) {
                setError(failure instanceof Error ? failure.message : 'Could not delete the chat. Please try again.');
              } finally {
                setBusy(false);
              }
            }}
          >
            Delete
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
