'use client';

import { useInBrowser } from '@/components/use-in-browser';

/**
 * A moment, in the viewer's time zone and date format. The server knows neither, and the
 * page's hydration must repeat the server's text exactly (or React draws the whole page
 * again), so both say it in UTC; the browser rewrites it in local time right after.
 */
export function LocalTime({ iso, seconds = false }: { iso: string; /** "14:05:09" rather than "14:05". */ seconds?: boolean }) {
  const inBrowser = useInBrowser();
  const style = { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' } as const;
  const text = inBrowser
    ? new Intl.DateTimeFormat(undefined, style).format(new Date(iso))
    : `${new Intl.DateTimeFormat('en-US', { ...style, timeZone: 'UTC' }).format(new Date(iso))} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
