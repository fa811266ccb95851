'use client';

import { createContext, createElement, useContext, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now(); // nobody was watching: the time may be long past
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 15_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** When the server rendered the page: what its HTML says, and so what hydration must say too. */
const RenderedAt = createContext<number | null>(null);

/** Gives the time the server rendered this page to `useNow` (a server layout passes `Date.now()`). */
export function RenderedAtProvider({ time, children }: { time: number; children: React.ReactNode }) {
  return createElement(RenderedAt.Provider, { value: time }, children);
}

/**
 * The time, refreshed every 15 seconds: enough for "expires in 3 min". The server's HTML and
 * the page's hydration both use the time the page was rendered: text that differed there
 * ("expires in 24 h" against "in 23 h 59 min") made React throw the whole page away and draw
 * it again, under the reader's pointer. The browser's clock takes over right after.
 */
export function useNow(): number {
  const renderedAt = useContext(RenderedAt);
  return useSyncExternalStore(subscribe, () => now, () => renderedAt ?? now);
}
