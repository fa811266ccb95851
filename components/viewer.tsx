'use client';

import { createContext, useContext } from 'react';
import type { Viewer } from '@/lib/auth/permissions';

/** Who is looking at the page: so a card can say "you", and show only what they may do. */
export interface PageViewer extends Viewer {
  name: string;
  isGuest: boolean;
}

const ViewerContext = createContext<PageViewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: PageViewer; children: React.ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): PageViewer | null {
  return useContext(ViewerContext);
}

/** "you" for the viewer, the person's name for anyone else. */
export function useNameOf(): (person: { id: string; name: string } | null | undefined) => string {
  const viewer = useViewer();
  return (person) => (!person ? 'someone' : person.id === viewer?.userId ? 'you' : person.name);
}
