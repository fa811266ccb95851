'use client';

import { createContext, useContext } from 'react';

/**
 * True inside run review's replay: cards show the moment being replayed, read-only, instead of
 * the present (no buttons, no "expired" because the deadline has passed since).
 */
export const ReplayContext = createContext(false);

export function useReplaying(): boolean {
  return useContext(ReplayContext);
}
