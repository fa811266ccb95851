'use client';

import { useSyncExternalStore } from 'react';

const noChange = () => () => {};

/**
 * False on the server and while the page hydrates (which must repeat the server's HTML),
 * true from the render after: for what only the browser knows (its time zone, its clock).
 */
export function useInBrowser(): boolean {
  return useSyncExternalStore(noChange, () => true, () => false);
}
