import { defineHook, getWorkflowMetadata, sleep } from 'workflow';
import { z } from 'zod';
import { lazySchema } from '@/lib/lazy-schema';
import type { ApprovalEvent } from '@/lib/notifications/payload';
import { deliverApprovalNotice, planApprovalNotices, readApprovalStatus } from './approval-notifications-steps';

/** Input of a notification run; versioned like the chat turn's (agents/chat-turn-versions.ts). */
export interface ApprovalNotificationsInput {
  v: 1;
  approvalId: string;
}

export interface ApprovalNotificationsOutput {
  v: 1;
  /** Events sent, in order; a delivery given up still counts as sent here (its record says so). */
  events: ApprovalEvent[];
}

/** Wakes a notification run when its approval is decided, so "approval.decided" goes out at once. */
export const approvalNoticeHook = defineHook({ schema: lazySchema(() => z.object({ approvalId: z.uuid() })) });

export function approvalNoticeToken(approvalId: string): string {
  return `approval-notices:${approvalId}`;
}

/**
 * Tells the people who can decide an approval about it, by webhook: when it is requested,
 * when its deadline nears, when it expires undecided, and when it is decided. Its own run,
 * started by the step that records the approval, so the chat turn neither waits for it nor
 * changes shape. Pure orchestration: each delivery is a step with its own retries.
 */
export async function approvalNotifications(input: ApprovalNotificationsInput): Promise<ApprovalNotificationsOutput> {
  'use workflow';
  const { workflowRunId } = getWorkflowMetadata();
  const events: ApprovalEvent[] = [];
  // Listening before the first step, so a decision made while the request goes out wakes the run.
  const hook = approvalNoticeHook.create({ token: approvalNoticeToken(input.approvalId) });
  const plan = await planApprovalNotices(input.approvalId, workflowRunId);
  // The hook is never disposed: the run's end releases it. A decision's wake-up racing a
  // disposal can be recorded after it, where no replay can consume it (tools/approval.ts).
  if (!plan) return { v: 1, events }; // another run speaks for this approval, or nothing to send

  const notify = async (event: ApprovalEvent) => {
    // Each URL on its own steps: a receiver that is down or refuses does not fail the others.
    await Promise.all(plan.urls.map((url) => deliverApprovalNotice(input.approvalId, event, url).catch(() => null)));
    events.push(event);
  };
  let heard = false; // the hook wakes the run once; after that, only the clock does
  const decided = hook.then(
    () => {
      heard = true;
    },
    () => {
      heard = true; // the token is another run's (a duplicate start): rely on the clock alone
    },
  );
  /** Where the approval stands at `at`, or as soon as it is decided. The database has the last word. */
  const statusAt = async (at: string) => {
    const time = sleep(new Date(at));
    if (!heard) {
      // A decision made before the hook was registered woke nobody: look first.
      const before = await readApprovalStatus(input.approvalId);
      if (before !== 'pending') return before;
      await Promise.race([decided, time]);
      const status = await readApprovalStatus(input.approvalId);
      if (status !== 'pending') return status;
    }
    await time; // a wake-up with nothing decided yet (a stray one): the clock decides
    return readApprovalStatus(input.approvalId);
  };
  await notify('approval.requested');
  const checkpoints: { at: string; event: ApprovalEvent }[] = [
    ...(plan.warnAt ? [{ at: plan.warnAt, event: 'approval.expiring' as const }] : []),
    { at: plan.expiresAt, event: 'approval.expired' },
  ];
  for (const checkpoint of checkpoints) {
    const status = await statusAt(checkpoint.at);
    if (status === 'approved' || status === 'rejected') {
      await notify('approval.decided');
      break;
    }
    if (status === 'cancelled' || status === null) break; // its turn ended: nobody can decide it any more
    if (checkpoint.event === 'approval.expiring' && status === 'pending') await notify('approval.expiring');
    if (checkpoint.event === 'approval.expired' && status === 'expired') await notify('approval.expired');
  }
  return { v: 1, events };
}
