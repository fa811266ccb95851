'use client';

import * as AlertDialogPrimitive from '@radix-ui/react-alert-dialog';
import { buttonClasses, type ButtonVariant } from './button';
import { overlayClasses, panelClasses } from './dialog';
import { useReturnFocus } from './return-focus';

/**
 * A question that needs an answer before anything else (Radix AlertDialog): a click outside
 * does not dismiss it, Cancel gets focus first, and focus returns to what opened it.
 */
export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;

export function AlertDialogContent({ children, onCloseAutoFocus, ...props }: React.ComponentProps<typeof AlertDialogPrimitive.Content>) {
  const returnFocus = useReturnFocus(onCloseAutoFocus);
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className={overlayClasses} />
      <AlertDialogPrimitive.Content className={panelClasses} onCloseAutoFocus={returnFocus} {...props}>
        {children}
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}

export function AlertDialogTitle(props: React.ComponentProps<typeof AlertDialogPrimitive.Title>) {
  return <AlertDialogPrimitive.Title className="text-base font-semibold" {...props} />;
}

export function AlertDialogDescription(props: React.ComponentProps<typeof AlertDialogPrimitive.Description>) {
  return <AlertDialogPrimitive.Description className="mt-2 text-sm break-words text-muted-foreground" {...props} />;
}

export function AlertDialogFooter({ children }: { children: React.ReactNode }) {
  return <div className="mt-5 flex justify-end gap-2">{children}</div>;
}

export function AlertDialogCancel({ children = 'Cancel', ...props }: React.ComponentProps<typeof AlertDialogPrimitive.Cancel>) {
  return (
    <AlertDialogPrimitive.Cancel className={buttonClasses({ variant: 'outline' })} {...props}>
      {children}
    </AlertDialogPrimitive.Cancel>
  );
}

/** The confirming button. It closes the dialog unless its click handler calls `preventDefault()`. */
export function AlertDialogAction({ variant = 'primary', ...props }: React.ComponentProps<typeof AlertDialogPrimitive.Action> & { variant?: ButtonVariant }) {
  return <AlertDialogPrimitive.Action className={buttonClasses({ variant })} {...props} />;
}
