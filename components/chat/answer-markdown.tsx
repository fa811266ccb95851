'use client';

import { ImageOff } from 'lucide-react';
import Link from 'next/link';
import { defaultComponents, Streamdown, type Components, type ExtraProps } from 'streamdown';
import { linkSafety } from './external-link-dialog';

/**
 * An answer's markdown. Its text comes from a model that read tool data and the person's own
 * words, so it is untrusted: nothing in it may load or run anything. Images become their alt
 * text (a remote image would tell its server who read the answer, and when); links to the
 * app's own pages stay links; a web link opens only through Streamdown's confirm dialog, which
 * shows the address first (components/chat/external-link-dialog.tsx); any other link is plain text.
 */
export function AnswerMarkdown({ text, animating = false }: { text: string; animating?: boolean }) {
  return (
    <Streamdown
      className="prose-chat"
      isAnimating={animating}
      controls={CONTROLS}
      linkSafety={linkSafety}
      components={INERT_COMPONENTS}
    >
      {text}
    </Streamdown>
  );
}

type LinkProps = React.JSX.IntrinsicElements['a'] & ExtraProps;

function SafeLink({ href, children, node: _node, ...rest }: LinkProps) {
  const path = href ? appPath(href) : null;
  if (path !== null) {
    return (
      <Link href={path} className="font-medium text-primary underline" data-streamdown="link">
        {children}
      </Link>
    );
  }
  if (href && isWebUrl(href)) {
    const ConfirmedLink = defaultComponents.a;
    return (
      <ConfirmedLink href={href} {...rest}>
        {children}
      </ConfirmedLink>
    );
  }
  return <span data-testid="inert-link">{children}</span>;
}

function ImagePlaceholder({ alt }: React.JSX.IntrinsicElements['img'] & ExtraProps) {
  return (
    <span className="inline-flex items-center gap-1 rounded border border-dashed px-1.5 text-sm text-muted-foreground" data-testid="image-placeholder">
      <ImageOff className="size-3.5 shrink-0" aria-hidden />
      {alt?.trim() ? `Image: ${alt}` : 'Image not shown'}
    </span>
  );
}

// Constants: Streamdown re-renders a block when these change identity.
const CONTROLS = { code: true, table: false, mermaid: false };
const INERT_COMPONENTS: Components = {
  a: SafeLink,
  img: ImagePlaceholder,
  // `<picture><source srcset>` passes the sanitizer; a source loads nothing without its img, but nothing is simpler.
  source: () => null,
};

const PROBE_ORIGIN = 'http://app.invalid';

/** The path of a link into this app (`/runs/…`), or null: absolute and protocol-relative URLs are not the app's. */
export function appPath(href: string): string | null {
  if (!href.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(href, PROBE_ORIGIN);
  } catch {
    return null;
  }
  // `//evil.example` and `/\evil.example` leave the origin.
  return url.origin === PROBE_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : null;
}

function isWebUrl(href: string): boolean {
  try {
    const { protocol } = new URL(href);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
