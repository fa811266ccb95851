import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentSession } from '@/lib/auth/current-session';
import { safeNext, SignUpForm } from '@/components/auth/auth-form';

export const metadata: Metadata = { title: 'Create an account' };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { next } = await searchParams;
  const session = await currentSession();
  if (session && !session.isGuest) redirect(safeNext(next));
  return (
    <>
      <h1 className="mb-5 text-lg font-semibold">Create an account</h1>
      <SignUpForm next={next} isGuest={Boolean(session?.isGuest)} />
    </>
  );
}
