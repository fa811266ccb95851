import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { listAuditEvents } from '@/db/queries/audit';
import { currentSession } from '@/lib/auth/current-session';
import { decidesForOthers } from '@/lib/auth/permissions';
import { PageBody, PageHeader } from '@/components/app-shell';

export const metadata: Metadata = { title: 'Audit' };

const ACTION_LABEL: Record<string, string> = {
  'approval.requested': 'Asked',
  'approval.approved': 'Approved',
  'approval.rejected': 'Rejected',
  'approval.expired': 'Expired',
  'approval.cancelled': 'Cancelled',
  'refund.issued': 'Refund issued',
  'order.cancelled': 'Order cancelled',
};

const time = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(date);

/** Every request, decision and effect, newest first, for approvers and admins; nobody can edit it. */
export default async function AuditPage() {
  const session = await currentSession();
  if (!session) redirect('/sign-in?next=/audit');
  const allowed = decidesForOthers(session);
  const events = allowed ? await listAuditEvents({ limit: 200 }) : [];
  return (
    <>
      <PageHeader>
        <h1 className="text-sm font-medium">Audit</h1>
        {allowed && (
          <a href="/api/audit/export" className="ml-auto rounded-md border px-2 py-1 text-xs hover:bg-muted" download>
            Export CSV
          </a>
        )}
      </PageHeader>
      <PageBody width="wide" className="gap-4">
        {!allowed ? (
          <p role="alert" className="text-sm text-muted-foreground">
            Only approvers and admins can see the audit record.
          </p>
        ) : events.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing has been asked for yet.</p>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Audit record">
            <thead className="text-xs text-muted-foreground">
              <tr>
                <th className="py-1 pr-3 font-normal">When (UTC)</th>
                <th className="py-1 pr-3 font-normal">What</th>
                <th className="py-1 pr-3 font-normal">Who</th>
                <th className="py-1 pr-3 font-normal">Request</th>
                <th className="py-1 font-normal">Reason</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t align-top" data-testid="audit-row">
                  <td className="py-1.5 pr-3 whitespace-nowrap text-xs text-muted-foreground">{time(event.at)}</td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{ACTION_LABEL[event.action] ?? event.action}</td>
                  <td className="py-1.5 pr-3">{event.actorId === session.userId ? 'you' : (event.actorName ?? 'the app')}</td>
                  <td className="py-1.5 pr-3">{event.summary}</td>
                  <td className="py-1.5 text-muted-foreground">{event.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PageBody>
    </>
  );
}
