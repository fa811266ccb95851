'use client';

import { Clock, X } from 'lucide-react';
import type { QueuedMessageView } from '@/lib/chat/types';

/** Messages waiting for the current answer to end, oldest first, each one can be taken back. */
export function QueuedMessages({ queued, onCancel }: { queued: QueuedMessageView[]; onCancel: (id: string) => void }) {
  if (queued.length === 0) return null;
  return (
    <section aria-label="Queued messages" data-testid="queued-messages" className="mx-auto w-full max-w-3xl px-3 sm:px-4">
      <p className="mb-1 flex items-center gap-1 px-1 text-xs text-muted-foreground">
        <Clock className="size-3" aria-hidden />
        {queued.length === 1 ? 'Queued: sent when the current answer ends' : `${queued.length} queued: sent one after the other when the current answer ends`}
      </p>
      <ul className="mb-2 flex flex-col gap-1">
        {queued.map((message) => {
          const text = message.parts.map((part) => part.text).join('');
          return (
            <li key={message.id} className="flex items-start gap-2 rounded-lg border border-dashed bg-muted/40 px-3 py-1.5 text-sm">
              <span className="line-clamp-2 min-w-0 flex-1 whitespace-pre-wrap">{text}</span>
              <button
                type="button"
                onClick={() => onCancel(message.id)}
                aria-label={`Cancel queued message: ${text.slice(0, 60)}`}
                className="flex shrink-0 items-center gap-1 rounded-md px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-background hover:text-foreground"
              >
                <X className="size-3" aria-hidden />
                Cancel
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
