import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LEGACY_GUEST_COOKIE } from '@/lib/auth/legacy-guests';
import { currentSession } from '@/lib/auth/current-session';
import { DEMO_ACCOUNTS, demoAccountsEnabled } from '@/lib/auth/demo-accounts';
import { safeNext, SignInForm } from '@/components/auth/auth-form';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { next } = await searchParams;
  const session = await currentSession();
  if (session && !session.isGuest) redirect(safeNext(next));
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Sign in to Support Agent</h1>
      <p className="mb-5 text-sm text-muted-foreground">Chat with the store&apos;s support agent, and approve what it asks to do.</p>
      <SignInForm
        next={next}
        demoAccounts={demoAccountsEnabled() ? DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role })) : []}
        returningGuest={(await cookies()).has(LEGACY_GUEST_COOKIE)}
      />
    </>
  );
}
