import { getApprovalView } from '@/db/queries/approvals';
import { claimApprovalNotifier } from '@/db/queries/notifications';
import type { ApprovalStatus } from '@/db/schema';
import { notificationConfig } from '@/lib/notifications/config';
import { deliverApprovalEvent } from '@/lib/notifications/deliver';
import { MAX_DELIVERY_ATTEMPTS } from '@/lib/notifications/limits';
import type { ApprovalEvent } from '@/lib/notifications/payload';

/** What a notification run has to do for its approval, fixed when it starts. */
export interface NoticePlan {
  urls: string[];
  /** When "approval.expiring" goes out, or null when the warning would come before the request. */
  warnAt: string | null;
  expiresAt: string;
}

/**
 * Claims the approval for this run and reads what to send where. Null when another run
 * already speaks for it, or when there is nothing to say (no URLs, or no longer pending).
 */
export async function planApprovalNotices(approvalId: string, runId: string): Promise<NoticePlan | null> {
  'use step';
  const config = notificationConfig();
  const approval = await getApprovalView(approvalId);
  if (config.urls.length === 0 || !approval) return null;
  if (!(await claimApprovalNotifier(approvalId, runId))) return null;
  const warnAt = Date.parse(approval.expiresAt) - config.expiryWarningMs;
  return {
    urls: config.urls,
    warnAt: config.expiryWarningMs > 0 && warnAt > Date.parse(approval.requestedAt) ? new Date(warnAt).toISOString() : null,
    expiresAt: approval.expiresAt,
  };
}

/** Where the approval stands now (a pending one past its deadline reads as expired). */
export async function readApprovalStatus(approvalId: string): Promise<ApprovalStatus | null> {
  'use step';
  return (await getApprovalView(approvalId))?.status ?? null;
}

/** One signed webhook delivery, retried with backoff (lib/notifications/deliver.ts). */
export async function deliverApprovalNotice(approvalId: string, event: ApprovalEvent, url: string): Promise<{ deliveryId: string }> {
  'use step';
  return deliverApprovalEvent({ approvalId, event, url });
}
// The delivery counts its own attempts in the database and gives up after MAX_DELIVERY_ATTEMPTS;
// this is only the runtime's ceiling above that.
deliverApprovalNotice.maxRetries = MAX_DELIVERY_ATTEMPTS + 2;
