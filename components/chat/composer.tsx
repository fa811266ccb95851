'use client';

import { ArrowUp, Square } from 'lucide-react';
import { createContext, useContext, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { MAX_MESSAGE_CHARS } from '@/lib/chat/types';

export interface ComposerHandle {
  focus: () => void;
}

/**
 * Lets what sits in the conversation (an approval card) hand the focus back to the message
 * box once it is done; outside a chat (the inbox) it does nothing.
 */
export const ComposerFocus = createContext<() => void>(() => {});
export const useFocusComposer = () => useContext(ComposerFocus);

/**
 * The message box. It is never locked: while a turn runs (or waits hours for an approval) a
 * message sent is queued for after it. Enter sends, Shift+Enter breaks the line, Escape stops
 * the running turn.
 */
export function Composer({
  ref,
  onSend,
  onStop,
  busy,
  busyHint,
}: {
  ref?: Ref<ComposerHandle>;
  onSend: (text: string) => void;
  /** Stops the turn that runs; shown beside Send while one does. */
  onStop?: () => void;
  busy: boolean;
  busyHint: string;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => input.current?.focus() }), []);
  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const canSend = text.trim().length > 0 && !tooLong;

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
          aria-describedby={busy ? 'composer-status' : undefined}
          name="message"
          rows={1}
          value={text}
          // The first thing on a chat page is to type.
          autoFocus
          placeholder={busy ? 'Type your next message: it is sent when this answer ends' : 'Ask about an order or a customer…'}
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 outline-none field-sizing-content placeholder:text-muted-foreground"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            } else if (event.key === 'Escape' && busy && onStop) {
              event.preventDefault();
              onStop();
            }
          }}
        />
        {busy && onStop && (
          <button
            type="button"
            aria-label="Stop"
            title="Stop the answer (Esc)"
            onClick={onStop}
            className="flex size-9 shrink-0 items-center justify-center rounded-full border bg-background text-foreground hover:bg-muted"
          >
            <Square className="size-3.5 fill-current" />
          </button>
        )}
        {(!busy || canSend) && (
          <button
            type="submit"
            aria-label={busy ? 'Queue message' : 'Send'}
            title={busy ? 'Send when this answer ends' : undefined}
            disabled={!canSend}
            className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary text-primary-foreground transition-opacity disabled:opacity-30"
          >
            <ArrowUp className="size-4" />
          </button>
        )}
      </div>
      {busy && (
        <p id="composer-status" role="status" data-testid="composer-status" className="mt-1 px-2 text-xs text-muted-foreground">
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
