'use client';

import { LogOut, UserRound } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/lib/auth/auth-client';

export interface Me {
  name: string;
  role: 'agent' | 'approver' | 'admin';
  isGuest: boolean;
}

const ROLE_LABEL: Record<Me['role'], string> = { agent: 'Agent', approver: 'Approver', admin: 'Admin' };

/** Who is signed in, their role, and the way out (or, for a guest, to an account that keeps their chats). */
export function AccountMenu({ me }: { me: Me }) {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);

  async function signOut() {
    setLeaving(true);
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }

  return (
    <div className="border-t p-2 text-sm" data-testid="account">
      <div className="flex items-center gap-2 px-2 py-1.5">
        <UserRound className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <span className="min-w-0 flex-1 truncate font-medium" data-testid="account-name">
          {me.name}
        </span>
        <span className="rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground" data-testid="account-role">
          {me.isGuest ? 'Guest' : ROLE_LABEL[me.role]}
        </span>
      </div>
      {me.isGuest && (
        <Link href="/sign-up" className="block rounded-md px-2 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground">
          Create an account to keep your chats
        </Link>
      )}
      {me.role === 'admin' && (
        <Link href="/admin/people" className="block rounded-md px-2 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground">
          People and roles
        </Link>
      )}
      <button
        type="button"
        onClick={signOut}
        disabled={leaving}
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground disabled:opacity-50"
      >
        <LogOut className="size-4" aria-hidden />
        {leaving ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
