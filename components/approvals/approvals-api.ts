import type { ApprovalListItem } from '@/db/queries/approvals';

export const PENDING_APPROVALS_KEY = '/api/approvals?status=pending';
export const ALL_APPROVALS_KEY = '/api/approvals';

export async function fetchApprovals(key: string): Promise<ApprovalListItem[]> {
  const response = await fetch(key);
  if (!response.ok) throw new Error(`Could not load approvals (${response.status})`);
  return ((await response.json()) as { approvals: ApprovalListItem[] }).approvals;
}
