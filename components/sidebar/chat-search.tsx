'use client';

import { Search, X } from 'lucide-react';
import Link from 'next/link';
import { forwardRef, useEffect, useState } from 'react';
import useSWR from 'swr';
import { Button } from '@/components/ui/button';
import { MAX_SEARCH_CHARS } from '@/lib/chat/schemas';
import { searchChats, searchKey } from './chats-api';

/** Waits this long after the last key before searching: one request per pause, not per key. */
const DEBOUNCE_MS = 250;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** The search field above the chat list. Escape clears it. */
export const ChatSearchBox = forwardRef<HTMLInputElement, { value: string; onChange: (value: string) => void }>(function ChatSearchBox(
  { value, onChange },
  ref,
) {
  return (
    <search className="relative px-2 pt-2">
      <Search className="pointer-events-none absolute top-1/2 left-4 mt-1 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <input
        ref={ref}
        type="search"
        value={value}
        maxLength={MAX_SEARCH_CHARS}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault();
            onChange('');
          }
        }}
        aria-label="Search chats"
        placeholder="Search chats"
        className="w-full rounded-md border bg-background py-1.5 pr-8 pl-7 text-sm outline-none placeholder:text-muted-foreground focus-visible:border-accent [&::-webkit-search-cancel-button]:hidden"
      />
      {value && (
        // Out of the tab order: Escape in the field does the same, and Tab goes straight to the results.
        <Button variant="ghost" size="icon-sm" tabIndex={-1} aria-label="Clear search" className="absolute top-1/2 right-3 mt-1 -translate-y-1/2" onClick={() => onChange('')}>
          <X className="size-3.5" />
        </Button>
      )}
    </search>
  );
});

/** What the search finds: the chats, each with the words around its match, or "No chats match". */
export function ChatSearchResults({ query, activeChatId }: { query: string; activeChatId: string | null }) {
  const debounced = useDebounced(query.trim(), DEBOUNCE_MS);
  const { data, error, isLoading } = useSWR(debounced ? searchKey(debounced) : null, searchChats, { keepPreviousData: true });
  const pending = isLoading || debounced !== query.trim();

  return (
    <div aria-busy={pending}>
      <p role="status" className="px-2 pb-1 text-xs text-muted-foreground">
        {error ? 'Search failed. Try again.' : !data ? 'Searching…' : data.length === 0 && !pending ? 'No chats match.' : `${data.length} ${data.length === 1 ? 'chat' : 'chats'} found`}
      </p>
      {data && data.length > 0 && (
        <ul className="space-y-0.5">
          {data.map((hit) => (
            <li key={hit.id}>
              <Link
                href={`/chat/${hit.id}`}
                aria-current={hit.id === activeChatId ? 'page' : undefined}
                aria-label={hit.title}
                aria-describedby={hit.snippet ? `snippet-${hit.id}` : undefined}
                className={`block rounded-md px-2 py-1.5 text-sm ${hit.id === activeChatId ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`}
              >
                <span className="block truncate">{hit.title}</span>
                {hit.snippet && (
                  <span id={`snippet-${hit.id}`} className="line-clamp-2 text-xs text-muted-foreground">
                    {hit.snippet}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
