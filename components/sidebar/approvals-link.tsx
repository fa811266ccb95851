'use client';

import { ShieldCheck } from 'lucide-react';
import Link from 'next/link';
import useSWR from 'swr';
import { decidableBy } from '@/components/approvals/approval-inbox';
import { fetchApprovals, PENDING_APPROVALS_KEY } from '@/components/approvals/approvals-api';
import { useApprovalChanges } from '@/components/approvals/use-approval-changes';
import { useViewer } from '@/components/viewer';

/** The way to the approvals inbox, with how many requests wait for the viewer's decision. */
export function ApprovalsLink({ active }: { active: boolean }) {
  const viewer = useViewer();
  // Live: the server says when a request comes or goes (within about a second, on any page);
  // the slow poll is only a fallback for a connection that cannot keep an event stream open.
  useApprovalChanges();
  const { data } = useSWR(PENDING_APPROVALS_KEY, fetchApprovals, { refreshInterval: 15_000 });
  // The server lists only requests still in time; it refreshes often enough to drop expired ones.
  const count = data?.filter((approval) => decidableBy(approval, viewer)).length ?? 0;
  return (
    <Link
      href="/approvals"
      aria-current={active ? 'page' : undefined}
      className={`flex items-center gap-2 rounded-md px-2 py-2 text-sm ${active ? 'bg-muted font-medium' : 'hover:bg-muted/70'}`}
    >
      <ShieldCheck className="size-4 text-muted-foreground" aria-hidden />
      <span>Approvals</span>
      {count > 0 && (
        <span
          className="ml-auto rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white"
          aria-label={`${count} waiting`}
          data-testid="approvals-count"
        >
          {count}
        </span>
      )}
    </Link>
  );
}
