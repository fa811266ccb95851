'use client';

import { useId, useState } from 'react';
import { MAX_MESSAGE_CHARS } from '@/lib/chat/types';
import { Button } from '@/components/ui/button';

/**
 * A user message being edited in place. Enter saves and resends (Shift+Enter breaks the line),
 * Escape cancels; the caller puts the focus back.
 */
export function EditMessageForm({ text: initial, onSave, onCancel }: { text: string; onSave: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const hint = useId();
  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const canSave = text.trim().length > 0 && !tooLong;
  const save = () => {
    if (canSave) onSave(text.trim());
  };
  return (
    <form
      className="flex w-full max-w-[85%] flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        aria-label="Edit message"
        aria-describedby={hint}
        value={text}
        // Editing is why this appeared: the caret goes straight in.
        autoFocus
        onFocus={(event) => event.currentTarget.setSelectionRange(event.currentTarget.value.length, event.currentTarget.value.length)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            save();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
        className="max-h-64 min-h-16 w-full resize-none rounded-2xl border bg-background px-4 py-2 outline-none field-sizing-content focus:ring-2 focus:ring-accent/40"
      />
      <div className="flex items-center justify-end gap-2 text-xs">
        <span id={hint} className="mr-auto text-muted-foreground">
          Enter sends it again; the answers after it are replaced. Esc cancels.
        </span>
        {tooLong && (
          <span role="alert" className="text-destructive">
            {text.length.toLocaleString()} / {MAX_MESSAGE_CHARS.toLocaleString()} characters
          </span>
        )}
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={!canSave}>
          Save and send
        </Button>
      </div>
    </form>
  );
}
