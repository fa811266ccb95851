import { HookNotFoundError } from 'workflow/errors';
import { start } from 'workflow/api';
import { approvalNoticeHook, approvalNoticeToken, approvalNotifications } from '@/agents/approval-notifications';
import { approvalNotifierRun } from '@/db/queries/notifications';
import { notificationsEnabled } from './config';

/**
 * Starts the notification run of a newly recorded approval (for the step that records it).
 * Without webhook URLs nothing starts. A retried step may start a second run: the first to
 * claim the approval sends, the other ends at once (agents/approval-notifications-steps.ts).
 */
export async function startApprovalNotifications(approvalId: string): Promise<void> {
  if (!notificationsEnabled()) return;
  if (await approvalNotifierRun(approvalId)) return; // a retried step: its run is already going
  await start(approvalNotifications, [{ v: 1, approvalId }]);
}

/** After a decision: the notification run says so at once instead of at its next checkpoint. */
export async function wakeApprovalNotifications(approvalId: string): Promise<void> {
  if (!notificationsEnabled()) return;
  try {
    await approvalNoticeHook.resume(approvalNoticeToken(approvalId), { approvalId });
  } catch (error) {
    // No run waiting (it already finished, or has not suspended yet): it reads the decision itself.
    if (!HookNotFoundError.is(error)) throw error;
  }
}
