'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { ChatSnapshot } from '@/lib/chat/types';

/** How often an open chat asks the server what changed: soon when a turn is due to start. */
const IDLE_POLL_MS = 2500;
const EXPECTING_POLL_MS = 800;

/**
 * Keeps an open chat in step with the server: a turn started in another tab or device, a
 * message queued there, the queued message that became this chat's next turn, a turn whose
 * run is still starting. Polls while the tab is visible (at once when it becomes visible
 * again); `onSnapshot` decides what to do with what it sees. `syncNow` asks at once.
 */
export function useChatSync(
  chatId: string,
  options: { enabled: boolean; expecting: boolean; /** The chat was stored when the page loaded. */ stored: boolean; onSnapshot: (snapshot: ChatSnapshot) => void; onGone: () => void },
): { syncNow: () => void } {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const inFlight = useRef(false);
  // A new chat exists once its first message is stored: a 404 before that means "not yet".
  const seen = useRef(options.stored);

  const syncNow = useCallback(() => {
    if (inFlight.current || !latest.current.enabled) return;
    inFlight.current = true;
    void fetch(`/api/chats/${chatId}`, { cache: 'no-store' })
      .then(async (response) => {
        if (response.status === 404) {
          if (seen.current) latest.current.onGone();
          return;
        }
        if (!response.ok) return;
        seen.current = true;
        latest.current.onSnapshot((await response.json()) as ChatSnapshot);
      })
      .catch(() => {}) // offline for a moment: the next tick asks again
      .finally(() => {
        inFlight.current = false;
      });
  }, [chatId]);

  const { enabled, expecting } = options;
  useEffect(() => {
    if (!enabled) return;
    const tick = () => {
      if (document.visibilityState === 'visible') syncNow();
    };
    const timer = setInterval(tick, expecting ? EXPECTING_POLL_MS : IDLE_POLL_MS);
    if (expecting) tick();
    document.addEventListener('visibilitychange', tick);
    window.addEventListener('focus', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
      window.removeEventListener('focus', tick);
    };
  }, [enabled, expecting, syncNow]);

  return { syncNow };
}
