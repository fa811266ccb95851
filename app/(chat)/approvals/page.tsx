import type { Metadata } from 'next';
import { listApprovalsForViewer } from '@/db/queries/approvals';
import { currentSession } from '@/lib/auth/current-session';
import { ApprovalInbox } from '@/components/approvals/approval-inbox';

export const metadata: Metadata = { title: 'Approvals' };

/** Everything the agent asked the user to approve, across chats: pending first, then decided. */
export default async function ApprovalsPage() {
  const session = await currentSession();
  const approvals = session ? await listApprovalsForViewer(session) : [];
  return <ApprovalInbox initialApprovals={JSON.parse(JSON.stringify(approvals))} />;
}
