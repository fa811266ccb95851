'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useTheme } from 'next-themes';
import { useSyncExternalStore } from 'react';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;
const LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;

const subscribe = () => () => {};

/** Cycles system → light → dark. */
export function ThemeToggle() {
  const { theme = 'system', setTheme } = useTheme();
  // The theme is only known in the browser; render a neutral button on the server.
  const mounted = useSyncExternalStore(subscribe, () => true, () => false);
  const current = (mounted && theme in NEXT ? theme : 'system') as keyof typeof NEXT;
  const Icon = current === 'light' ? Sun : current === 'dark' ? Moon : Monitor;
  return (
    <button
      type="button"
      className="rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
      aria-label={`${LABEL[current]} (switch to ${LABEL[NEXT[current]].toLowerCase()})`}
      title={LABEL[current]}
      onClick={() => setTheme(NEXT[current])}
    >
      <Icon className="size-4" />
    </button>
  );
}
