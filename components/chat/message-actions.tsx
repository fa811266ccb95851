'use client';

import { Check, ChevronLeft, ChevronRight, Copy, Pencil, RefreshCw } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import { copyToClipboard } from './clipboard';

/**
 * A message's action bar: out of sight until the message is hovered or holds the keyboard
 * focus, always shown on touch screens (they cannot hover).
 */
export function MessageActionBar({ children, align = 'start' }: { children: ReactNode; align?: 'start' | 'end' }) {
  return (
    <div
      data-testid="message-actions"
      className={`flex items-center gap-0.5 text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:opacity-100 ${align === 'end' ? 'justify-end' : ''}`}
    >
      {children}
    </div>
  );
}

function ActionButton({ label, onClick, children, ref }: { label: string; onClick: () => void; children: ReactNode; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button
      ref={ref}
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="flex h-7 min-w-7 items-center justify-center gap-1 rounded-md px-1.5 text-xs hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent"
    >
      {children}
    </button>
  );
}

/** Copies the text; says "Copied" on the button and to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  async function copy() {
    setOutcome((await copyToClipboard(text)) ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setOutcome(null), 2000);
  }
  return (
    <>
      <ActionButton label={label} onClick={() => void copy()}>
        {outcome === 'copied' ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
        {outcome && <span aria-hidden>{outcome === 'copied' ? 'Copied' : 'Could not copy'}</span>}
      </ActionButton>
      {/* Mounted before it speaks, so screen readers announce the change. */}
      <span role="status" data-testid="copy-status" className="sr-only">
        {outcome === 'copied' ? 'Copied to the clipboard' : outcome === 'failed' ? 'Could not copy to the clipboard' : ''}
      </span>
    </>
  );
}

export function RegenerateButton({ onRegenerate }: { onRegenerate: () => void }) {
  return (
    <ActionButton label="Regenerate answer" onClick={onRegenerate}>
      <RefreshCw className="size-3.5" aria-hidden />
    </ActionButton>
  );
}

export function EditButton({ onEdit, ref }: { onEdit: () => void; ref?: Ref<HTMLButtonElement> }) {
  return (
    <ActionButton ref={ref} label="Edit message" onClick={onEdit}>
      <Pencil className="size-3.5" aria-hidden />
    </ActionButton>
  );
}

/** "‹ 1/2 ›": which of the answers to one question is shown, the newest last. */
export function AnswerSwitcher({ shown, count, onShow }: { shown: number; count: number; onShow: (index: number) => void }) {
  return (
    <div role="group" aria-label="Answers to this message" className="flex items-center text-xs">
      <ActionButton label="Previous answer" onClick={() => onShow(Math.max(0, shown - 1))}>
        <ChevronLeft className="size-3.5" aria-hidden />
      </ActionButton>
      <span data-testid="answer-position" aria-hidden className="tabular-nums">
        {shown + 1}/{count}
      </span>
      <span aria-live="polite" className="sr-only">
        Answer {shown + 1} of {count}
      </span>
      <ActionButton label="Next answer" onClick={() => onShow(Math.min(count - 1, shown + 1))}>
        <ChevronRight className="size-3.5" aria-hidden />
      </ActionButton>
    </div>
  );
}
