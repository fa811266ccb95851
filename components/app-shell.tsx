'use client';

import '@/lib/web/zod-without-eval';
import { Menu } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { createContext, useContext, useEffect, useState } from 'react';
import { ThemeToggle } from './theme-toggle';

const SidebarContext = createContext<{ open: boolean; setOpen: (open: boolean) => void }>({
  open: false,
  setOpen: () => {},
});

/** The page frame: a sidebar beside the content on wide screens, a drawer on phones. */
export function AppShell({ sidebar, children }: { sidebar: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Close the drawer after navigating (adjusting state during render, not in an effect).
  const [lastPathname, setLastPathname] = useState(pathname);
  if (pathname !== lastPathname) {
    setLastPathname(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <SidebarContext.Provider value={{ open, setOpen }}>
      <div className="flex h-dvh overflow-hidden">
        <aside
          id="sidebar"
          aria-label="Chats"
          className={`fixed inset-y-0 left-0 z-30 flex w-72 flex-col border-r bg-sidebar transition-transform duration-200 md:static md:translate-x-0 ${
            open ? 'translate-x-0' : '-translate-x-full'
          }`}
        >
          {sidebar}
        </aside>
        {open && (
          <div aria-hidden className="fixed inset-0 z-20 bg-black/40 md:hidden" onClick={() => setOpen(false)} />
        )}
        <main className="flex min-w-0 flex-1 flex-col">{children}</main>
      </div>
    </SidebarContext.Provider>
  );
}

const BODY_WIDTH = { narrow: 'max-w-3xl', wide: 'max-w-5xl' } as const;

/** A page's scrolling body under its header, a column centred at a readable width. */
export function PageBody({ width, className = '', children }: { width: keyof typeof BODY_WIDTH; className?: string; children: React.ReactNode }) {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className={`mx-auto flex w-full ${BODY_WIDTH[width]} flex-col px-4 py-6 ${className}`}>{children}</div>
    </div>
  );
}

/** The bar at the top of a page: the drawer button on phones, the page's own items, the theme. */
export function PageHeader({ children }: { children?: React.ReactNode }) {
  const { open, setOpen } = useContext(SidebarContext);
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b px-3">
      <button
        type="button"
        className="rounded-md p-1.5 hover:bg-muted md:hidden"
        aria-label="Open sidebar"
        aria-controls="sidebar"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Menu className="size-5" />
      </button>
      <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
      <ThemeToggle />
    </header>
  );
}
