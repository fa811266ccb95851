import { mutate } from 'swr';
import type { ApprovalListItem } from '@/db/queries/approvals';
import { coalesce } from '@/lib/coalesce';

export const PENDING_APPROVALS_KEY = '/api/approvals?status=pending';
export const ALL_APPROVALS_KEY = '/api/approvals';

export async function fetchApprovals(key: string): Promise<ApprovalListItem[]> {
  const response = await fetch(key);
  if (!response.ok) throw new Error(`Could not load approvals (${response.status})`);
  return ((await response.json()) as { approvals: ApprovalListItem[] }).approvals;
}

/** Within this of a decision, its own stream chunk and change event need no request of their own. */
const REFRESH_WINDOW_MS = 300;

/** Every loaded approvals list (the sidebar's count, the inbox) is fetched again, now. */
export function refreshApprovalsNow(): void {
  void mutate((key) => typeof key === 'string' && key.startsWith(ALL_APPROVALS_KEY));
}

/** Every loaded approvals list is fetched again, soon: once for the events of one decision. */
export const refreshApprovals = coalesce(refreshApprovalsNow, REFRESH_WINDOW_MS);
