'use client';

import { ArrowUp, Square } from 'lucide-react';
import { useRef, useState } from 'react';
import { MAX_MESSAGE_CHARS } from '@/lib/chat/types';

/** The message box: Enter sends, Shift+Enter breaks the line; disabled while a turn runs. */
export function Composer({
  onSend,
  onStop,
  busy,
  busyHint,
}: {
  onSend: (text: string) => void;
  /** Stops the turn that runs; shown instead of Send while one does. */
  onStop?: () => void;
  busy: boolean;
  busyHint: string;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const canSend = !busy && text.trim().length > 0 && !tooLong;

  function send() {
    if (!canSend) return;
    onSend(text.trim());
    setText('');
    input.current?.focus();
  }

  return (
    <form
      className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="flex items-end gap-2 rounded-2xl border bg-background p-2 shadow-sm focus-within:ring-2 focus-within:ring-accent/40">
        <textarea
          ref={input}
          aria-label="Message"
          name="message"
          rows={1}
          value={text}
          disabled={busy}
          placeholder={busy ? 'Wait for the answer…' : 'Ask about an order or a customer…'}
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 outline-none field-sizing-content placeholder:text-muted-foreground disabled:cursor-not-allowed"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        {busy && onStop ? (
          <button
            type="button"
            aria-label="Stop"
            title="Stop the answer"
            onClick={onStop}
            className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary text-primary-foreground"
          >
            <Square className="size-3.5 fill-current" />
          </button>
        ) : (
          <button
            type="submit"
            aria-label="Send"
            disabled={!canSend}
            className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary text-primary-foreground transition-opacity disabled:opacity-30"
          >
            <ArrowUp className="size-4" />
          </button>
        )}
      </div>
      {busy && (
        <p role="status" data-testid="composer-status" className="mt-1 px-2 text-xs text-muted-foreground">
          {busyHint}
        </p>
      )}
      {tooLong && (
        <p role="alert" className="mt-1 px-2 text-xs text-destructive">
          {text.length.toLocaleString()} / {MAX_MESSAGE_CHARS.toLocaleString()} characters: please shorten your message.
        </p>
      )}
    </form>
  );
}
