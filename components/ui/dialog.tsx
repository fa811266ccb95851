'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { useReturnFocus } from './return-focus';

/**
 * A modal dialog (Radix): focus moves in and stays in while it is open, Escape and a click
 * outside close it, and focus goes back to what opened it.
 */
export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;
export const DialogTitle = DialogPrimitive.Title;
export const DialogDescription = DialogPrimitive.Description;

export const overlayClasses = 'fixed inset-0 z-40 bg-black/40';
export const panelClasses =
  'fixed top-1/2 left-1/2 z-50 w-[min(24rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border bg-background p-5 text-foreground shadow-xl focus:outline-none';

/** The dialog's box over a dimmed page. Give it a DialogTitle (a visually hidden one is fine). */
export function DialogContent({ className = panelClasses, children, onCloseAutoFocus, ...props }: React.ComponentProps<typeof DialogPrimitive.Content>) {
  const returnFocus = useReturnFocus(onCloseAutoFocus);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={overlayClasses} />
      <DialogPrimitive.Content className={className} onCloseAutoFocus={returnFocus} {...props}>
        {children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}
