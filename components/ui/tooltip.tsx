'use client';

import * as TooltipPrimitive from '@radix-ui/react-tooltip';

/** One provider for the app, so tooltips share their delay. */
export const TooltipProvider = TooltipPrimitive.Provider;

/**
 * A short label shown on hover and on keyboard focus (Radix). It repeats a control's
 * accessible name for sighted people; it never is that name.
 */
export function Tooltip({ label, children, side = 'bottom' }: { label: string; children: React.ReactElement; side?: 'top' | 'bottom' | 'left' | 'right' }) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          side={side}
          sideOffset={4}
          className="z-50 rounded bg-foreground px-2 py-1 text-xs text-background shadow"
        >
          {label}
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  );
}
