'use client';

import * as MenuPrimitive from '@radix-ui/react-dropdown-menu';

/**
 * A menu behind a button (Radix): Enter, Space or ArrowDown open it, arrows move between items,
 * Escape closes it and focus returns to its button.
 */
export const DropdownMenu = MenuPrimitive.Root;
export const DropdownMenuTrigger = MenuPrimitive.Trigger;

export function DropdownMenuContent({ align = 'end', sideOffset = 4, ...props }: React.ComponentProps<typeof MenuPrimitive.Content>) {
  return (
    <MenuPrimitive.Portal>
      <MenuPrimitive.Content
        align={align}
        sideOffset={sideOffset}
        className="z-50 min-w-36 rounded-md border bg-background p-1 text-foreground shadow-lg"
        {...props}
      />
    </MenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({ destructive = false, ...props }: React.ComponentProps<typeof MenuPrimitive.Item> & { destructive?: boolean }) {
  return (
    <MenuPrimitive.Item
      className={`flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-muted ${
        destructive ? 'text-destructive' : ''
      }`}
      {...props}
    />
  );
}
