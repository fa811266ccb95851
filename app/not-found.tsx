import Link from 'next/link';

/**
 * Any address that leads nowhere: a made-up or deleted chat or run, someone else's (which
 * looks exactly the same), a mistyped path. Says so, and offers the way back.
 */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-medium text-muted-foreground">404</p>
        <h1 className="mt-1 text-lg font-semibold">Nothing here</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          This chat, run or page does not exist, was deleted, or is not yours to see.
        </p>
        <Link href="/" className="mt-5 inline-block rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground">
          Back to your chats
        </Link>
      </div>
    </main>
  );
}
