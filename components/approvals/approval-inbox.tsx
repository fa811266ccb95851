'use client';

import Link from 'next/link';
import useSWR from 'swr';
import type { ApprovalListItem } from '@/db/queries/approvals';
import { PageBody, PageHeader } from '@/components/app-shell';
import { ApprovalCard } from './approval-card';
import { ALL_APPROVALS_KEY, fetchApprovals } from './approvals-api';

/** The approvals inbox: pending requests newest first, each with its chat and the same controls. */
export function ApprovalInbox({ initialApprovals }: { initialApprovals: ApprovalListItem[] }) {
  const { data: approvals = initialApprovals } = useSWR(ALL_APPROVALS_KEY, fetchApprovals, {
    fallbackData: initialApprovals,
    refreshInterval: 5000,
  });
  const pending = approvals.filter((a) => a.status === 'pending');
  const decided = approvals.filter((a) => !pending.includes(a));

  return (
    <>
      <PageHeader>
        <h1 className="text-sm font-medium">Approvals</h1>
      </PageHeader>
      <PageBody width="narrow" className="gap-8">
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading" className="mb-3 text-base font-semibold">
            Waiting for you {pending.length > 0 && <span className="text-muted-foreground">({pending.length})</span>}
          </h2>
          {pending.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing is waiting for your approval.</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {pending.map((approval) => (
                <InboxItem key={approval.approvalId} approval={approval} />
              ))}
            </ul>
          )}
        </section>
        {decided.length > 0 && (
          <section aria-labelledby="decided-heading">
            <h2 id="decided-heading" className="mb-3 text-base font-semibold">
              Decided or expired
            </h2>
            <ul className="flex flex-col gap-3">
              {decided.map((approval) => (
                <InboxItem key={approval.approvalId} approval={approval} />
              ))}
            </ul>
          </section>
        )}
      </PageBody>
    </>
  );
}

function InboxItem({ approval }: { approval: ApprovalListItem }) {
  return (
    <li className="overflow-hidden rounded-lg border bg-muted/40 text-sm" data-testid="inbox-item">
      <div className="flex items-center justify-between gap-2 px-3 py-2 text-xs text-muted-foreground">
        <Link href={`/chat/${approval.chatId}`} className="truncate font-medium text-foreground underline-offset-2 hover:underline">
          {approval.chatTitle}
        </Link>
        <time dateTime={approval.requestedAt}>
          {new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(approval.requestedAt))}
        </time>
      </div>
      <ApprovalCard approval={approval} />
    </li>
  );
}
