'use client';

import { Package, Search, UserRound } from 'lucide-react';

const SUGGESTIONS = [
  { icon: Package, text: 'Where is order 1007?' },
  { icon: Search, text: 'Show shipped orders for Ada' },
  { icon: UserRound, text: 'Who is customer grace@example.com?' },
];

/** A new chat's opening screen: what the agent does, and a few things to ask. */
export function EmptyState({ onPick }: { onPick: (text: string) => void }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-6 py-16 text-center">
      <div>
        <h2 className="text-2xl font-semibold tracking-tight">How can I help?</h2>
        <p className="mt-2 max-w-md text-sm text-muted-foreground">
          I answer questions about the store&apos;s orders and customers. Every answer runs as a durable workflow: refresh,
          close the tab or restart the server, and it carries on.
        </p>
      </div>
      <div className="grid w-full max-w-xl gap-2 sm:grid-cols-3">
        {SUGGESTIONS.map(({ icon: Icon, text }) => (
          <button
            key={text}
            type="button"
            onClick={() => onPick(text)}
            className="flex items-start gap-2 rounded-xl border p-3 text-left text-sm hover:bg-muted"
          >
            <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            {text}
          </button>
        ))}
      </div>
    </div>
  );
}
