'use client';

import '@/lib/web/zod-without-eval';
import { Menu } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { Button } from './ui/button';
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from './ui/dialog';
import { TooltipProvider } from './ui/tooltip';
import { ThemeToggle } from './theme-toggle';

const sidebarClasses = 'flex w-72 flex-col border-r bg-sidebar';

/**
 * The page frame: a sidebar beside the content on wide screens; on phones the same sidebar
 * in a drawer, a modal dialog (Radix): out of the page and the tab order while closed, focus
 * kept inside while open, and given back to the menu button when it closes.
 */
export function AppShell({ sidebar, children }: { sidebar: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Close the drawer after navigating (adjusting state during render, not in an effect).
  const [lastPathname, setLastPathname] = useState(pathname);
  if (pathname !== lastPathname) {
    setLastPathname(pathname);
    setOpen(false);
  }

  return (
    <TooltipProvider delayDuration={400}>
      <Dialog open={open} onOpenChange={setOpen}>
        <div className="flex h-dvh overflow-hidden">
          <aside aria-label="Chats" className={`hidden md:flex ${sidebarClasses}`}>
            {sidebar}
          </aside>
          <DialogContent aria-describedby={undefined} className={`fixed inset-y-0 left-0 z-50 md:hidden ${sidebarClasses} focus:outline-none`}>
            <DialogTitle className="sr-only">Chats</DialogTitle>
            {sidebar}
          </DialogContent>
          <main className="flex min-w-0 flex-1 flex-col">{children}</main>
        </div>
      </Dialog>
    </TooltipProvider>
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
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b px-3">
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" className="text-foreground md:hidden" aria-label="Open sidebar">
          <Menu className="size-5" />
        </Button>
      </DialogTrigger>
      <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
      <ThemeToggle />
    </header>
  );
}
