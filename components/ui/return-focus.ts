'use client';

import { useState } from 'react';

/**
 * Radix gives focus back to a dialog's own Trigger. A dialog opened otherwise (from a menu
 * item, from a link's click handler) would leave focus on the page's body: this remembers what
 * had focus when the dialog opened and gives it back, if it is still on the page.
 */
export function useReturnFocus(onCloseAutoFocus?: (event: Event) => void) {
  // Read once, on the dialog's first render: that is when it opens.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  return (event: Event) => {
    onCloseAutoFocus?.(event);
    if (event.defaultPrevented || !opener?.isConnected || opener === document.body) return;
    event.preventDefault();
    opener.focus();
  };
}
