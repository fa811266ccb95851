'use client';

import { useInBrowser } from '@/components/use-in-browser';

// Runs while the HTML is parsed: the StickToBottom root is the element just before the script.
const SCRIPT =
  '(function(){var s=document.currentScript;var root=s&&s.previousElementSibling;var scroller=root&&root.firstElementChild;if(scroller)scroller.scrollTop=scroller.scrollHeight})()';

/**
 * Shows a server-rendered conversation at its newest message from the first paint. The
 * scroller (use-stick-to-bottom) moves there only once the page has hydrated: until then the
 * page showed the conversation's start, then jumped, and a click aimed at an approval card
 * landed on whatever had moved under it. Rendered right after the StickToBottom root, in the
 * server's HTML only (a script React renders in the browser never runs), with the page's
 * Content-Security-Policy nonce.
 */
export function StartAtNewest({ nonce }: { nonce?: string }) {
  if (useInBrowser()) return null;
  // The browser hides a nonce after parsing, so the hydrated attribute differs from the server's.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
