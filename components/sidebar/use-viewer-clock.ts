'use client';

import { useSyncExternalStore } from 'react';

const MINUTE_MS = 60_000;

function subscribe(onChange: () => void) {
  const timer = setInterval(onChange, MINUTE_MS);
  return () => clearInterval(timer);
}

// The minute, not the millisecond: the snapshot stays the same between renders of one minute.
const currentMinute = () => Math.floor(Date.now() / MINUTE_MS);

/**
 * Now, to the minute, and the viewer's time zone; null while the server renders and the page
 * hydrates (the server knows neither), so date-dependent markup appears only in the browser.
 */
export function useViewerClock(): { now: Date; timeZone: string } | null {
  const minute = useSyncExternalStore(subscribe, currentMinute, () => null);
  if (minute === null) return null;
  return { now: new Date(minute * MINUTE_MS), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}
