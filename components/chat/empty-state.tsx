'use client';

import { Columns3, Package, ReceiptText, Search } from 'lucide-react';

/** One of each kind of work: one lookup, one after another, several at once, and an approval. */
const SUGGESTIONS = [
  { icon: Package, text: 'Where is order 1007?', note: 'Look up an order' },
  { icon: Search, text: "Where is Ada's latest order?", note: 'Search, then look it up' },
  { icon: Columns3, text: 'Compare orders 1001, 1002 and 1005', note: 'Several lookups at once' },
  { icon: ReceiptText, text: 'Refund $20 of order 1007', note: 'Waits for an approval' },
];

/** A new chat's opening screen: what the agent can do for a support person, and a few things to ask. */
export function EmptyState({ onPick }: { onPick: (text: string) => void }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-6 py-16 text-center">
      <div>
        <h2 className="text-2xl font-semibold tracking-tight">How can I help?</h2>
        <p className="mt-2 max-w-lg text-sm text-muted-foreground">
          I look up orders and customers, add notes to orders, change shipping addresses, and refund or cancel orders.
          Refunds and cancellations wait for an approval before anything changes. Answers carry on if you reload or close
          the tab.
        </p>
      </div>
      <ul className="grid w-full max-w-xl gap-2 sm:grid-cols-2" aria-label="Suggestions">
        {SUGGESTIONS.map(({ icon: Icon, text, note }) => (
          <li key={text} className="min-w-0">
            <button
              type="button"
              onClick={() => onPick(text)}
              className="flex h-full w-full min-w-0 items-start gap-2 rounded-xl border p-3 text-left text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
              <span className="flex min-w-0 flex-col">
                <span className="break-words">{text}</span>
                <span className="text-xs text-muted-foreground">{note}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
