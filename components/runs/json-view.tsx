'use client';

import { ChevronRight } from 'lucide-react';

/** Data, pretty-printed and collapsed until asked for. */
export function JsonView({ label, value, open }: { label: string; value: unknown; open?: boolean }) {
  if (value === undefined) return null;
  return (
    <details className="group rounded-md border bg-background/60" open={open}>
      <summary className="flex cursor-pointer list-none items-center gap-1 px-2 py-1 text-xs text-muted-foreground select-none hover:text-foreground">
        <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
        {label}
      </summary>
      <pre className="max-h-96 overflow-auto px-3 pb-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
