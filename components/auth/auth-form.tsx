'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/auth-client';

/** Where to go after signing in: a path of this app only (never another site). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * A plain submit handler, not a form action: React resets a form after its action, and a
 * mistyped password must not cost the person their email too.
 */
function submitWith(handler: (form: FormData) => Promise<void>) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void handler(new FormData(event.currentTarget));
  };
}

const input = 'w-full rounded-md border bg-background px-3 py-2 text-sm';
const primary = 'w-full rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground disabled:opacity-50';

/** Sign in with email and password, or continue as a guest in one click. */
export function SignInForm({
  next,
  demoAccounts,
  returningGuest = false,
}: {
  next?: string;
  demoAccounts: { email: string; role: string }[];
  /** The browser still has a guest cookie from before accounts: continuing resumes that guest. */
  returningGuest?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'password' | 'guest' | null>(null);
  const done = () => {
    router.replace(safeNext(next));
    router.refresh();
  };

  async function signIn(form: FormData) {
    setBusy('password');
    setError(null);
    const { error } = await authClient.signIn.email({ email: String(form.get('email')), password: String(form.get('password')) });
    setBusy(null);
    if (error) setError(error.status === 429 ? 'Too many attempts. Wait a minute and try again.' : 'Wrong email or password.');
    else done();
  }

  async function continueAsGuest() {
    setBusy('guest');
    setError(null);
    if (returningGuest) {
      const resumed = await fetch('/api/auth/sign-in/legacy-guest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
        .then((response) => response.json() as Promise<{ resumed?: boolean }>)
        .catch(() => null);
      if (resumed?.resumed) return done();
    }
    const { error } = await authClient.signIn.anonymous();
    setBusy(null);
    if (error) setError(error.status === 429 ? 'Too many guests from your address. Sign in or try again later.' : (error.message ?? 'Could not start a guest session.'));
    else done();
  }

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submitWith(signIn)} className="flex flex-col gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" autoComplete="email" required className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy !== null} className={primary}>
          {busy === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <button type="button" onClick={continueAsGuest} disabled={busy !== null} className="w-full rounded-md border px-3 py-2 text-sm font-medium hover:bg-muted disabled:opacity-50">
        {busy === 'guest' ? 'Starting…' : returningGuest ? 'Continue as guest, with your chats' : 'Continue as guest'}
      </button>
      <p className="text-center text-sm text-muted-foreground">
        No account?{' '}
        <Link href={next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'} className="font-medium text-foreground underline underline-offset-4">
          Create one
        </Link>
      </p>
      {demoAccounts.length > 0 && (
        <div className="rounded-md border bg-muted/40 p-3 text-xs text-muted-foreground" data-testid="demo-accounts">
          <p className="mb-1 font-medium text-foreground">Demo accounts (password “support-demo”)</p>
          <ul>
            {demoAccounts.map((account) => (
              <li key={account.email}>
                {account.email} · {account.role}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Create an account; a guest who signs up keeps their chats. */
export function SignUpForm({ next, isGuest }: { next?: string; isGuest: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signUp(form: FormData) {
    setBusy(true);
    setError(null);
    const { error } = await authClient.signUp.email({
      name: String(form.get('name')).trim(),
      email: String(form.get('email')),
      password: String(form.get('password')),
    });
    setBusy(false);
    if (error) {
      setError(
        error.status === 429
          ? 'Too many sign-ups. Try again later.'
          : error.code === 'USER_ALREADY_EXISTS' || error.code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL'
            ? 'An account with this email exists. Sign in instead.'
            : (error.message ?? 'Could not create the account.'),
      );
      return;
    }
    router.replace(safeNext(next));
    router.refresh();
  }

  return (
    <form onSubmit={submitWith(signUp)} className="flex flex-col gap-3">
      {isGuest && <p className="rounded-md border bg-muted/40 p-3 text-sm">You are a guest: your chats move to the new account.</p>}
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input name="name" type="text" autoComplete="name" required maxLength={80} className={input} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Email
        <input name="email" type="email" autoComplete="email" required className={input} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Password (8 characters or more)
        <input name="password" type="password" autoComplete="new-password" minLength={8} required className={input} />
      </label>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className={primary}>
        {busy ? 'Creating…' : 'Create account'}
      </button>
      <p className="text-center text-sm text-muted-foreground">
        Have an account?{' '}
        <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} className="font-medium text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </form>
  );
}
