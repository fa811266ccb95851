import { listUndeliveredDecisions } from '@/db/queries/approvals';
import { listLiveRuns } from '@/db/queries/runs';
import { deliverDecision } from '@/lib/approvals/decide';
import { listChatsWithQueuedTurns } from '@/db/queries/queue';
import { startNextQueuedTurn } from '@/lib/chat/queue';
import { reconcileEndedTurn, startOrphanedTurns, type OrphanOutcome } from '@/lib/chat/reconcile';
import { settleRefundReservations } from '@/lib/payments/reconcile';

/**
 * The owner of what a crash or a failure leaves half-done, run at start-up and then every
 * few seconds on every instance (each repair is a compare-and-set, so two instances doing the
 * same one is harmless):
 * - a message stored whose run never started (the chat request died in between): its run is
 *   started, or the turn is failed so the person can retry (lib/chat/reconcile.ts);
 * - a decision recorded but never delivered (a kill between recording and waking the run, or
 *   a failed wake-up): the run is woken;
 * - a run the app still counts as live that the world says has ended: its end is recorded
 *   and its chat freed;
 * - money held for a refund whose step will never run again: settled if the provider paid
 *   it, released if not (lib/payments/reconcile.ts).
 * Half-written steps of the local world are repaired before the world starts
 * (local-world-repair.ts); the Postgres world's locked jobs by the instance sweep (lib/cluster).
 */
export interface ReconcileReport {
  orphans: OrphanOutcome[];
  decisionsDelivered: number;
  endedRuns: number;
  /** Queued messages started in chats a crash left free (their turn's end did not start them). */
  queuedTurns: number;
  refunds: Awaited<ReturnType<typeof settleRefundReservations>>;
}

/** How long a chat request may take from storing its message to starting its run. */
const REQUEST_GRACE_MS = 15_000;
/** How long the chat route itself keeps trying to deliver a decision. */
const DELIVERY_GRACE_MS = 3_000;
/** A run younger than this is left to its own start-up. */
const RUN_GRACE_MS = 30_000;

export async function reconcileOnce(options: { processStartedAt: Date; singleInstance: boolean; now?: Date }): Promise<ReconcileReport> {
  const now = options.now?.getTime() ?? Date.now();
  // On the only instance, a request older than this process died with the previous one.
  const orphanCutoff = options.singleInstance
    ? Math.max(options.processStartedAt.getTime(), now - REQUEST_GRACE_MS)
    : now - REQUEST_GRACE_MS;
  const orphans = await startOrphanedTurns(new Date(orphanCutoff));

  let decisionsDelivered = 0;
  for (const approval of await listUndeliveredDecisions(new Date(now - DELIVERY_GRACE_MS))) {
    if (await attempt(`deliver decision ${approval.approvalId}`, () => deliverDecision(approval, { attempts: 1 }))) decisionsDelivered++;
  }

  let endedRuns = 0;
  for (const run of await listLiveRuns(new Date(now - RUN_GRACE_MS))) {
    if (await attempt(`check run ${run.id}`, () => reconcileEndedTurn(run.chatId, run.id))) endedRuns++;
  }
  let queuedTurns = 0;
  for (const chatId of await listChatsWithQueuedTurns()) {
    if (await attempt(`start the queued message of chat ${chatId}`, async () => (await startNextQueuedTurn(chatId)) !== null)) queuedTurns++;
  }

  const refunds = await settleRefundReservations({ now: new Date(now) });
  return { orphans, decisionsDelivered, endedRuns, queuedTurns, refunds };
}

/** One repair failing (the world unreachable for a moment) must not stop the others. */
async function attempt(what: string, repair: () => Promise<boolean>): Promise<boolean> {
  try {
    return await repair();
  } catch (error) {
    console.warn(`[reconciler] could not ${what}; next sweep`, error);
    return false;
  }
}

const SWEEP_MS = Number(process.env.RECONCILE_SWEEP_MS ?? 5_000);

/** Reconciles now and then every RECONCILE_SWEEP_MS (default 5 s; 0 turns the reconciler off, for tests). */
export function startReconciler(options: { singleInstance: boolean }): void {
  if (!(SWEEP_MS > 0)) return;
  const processStartedAt = new Date();
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      const report = await reconcileOnce({ processStartedAt, singleInstance: options.singleInstance });
      for (const orphan of report.orphans) console.log(`[reconciler] chat ${orphan.chatId}: ${JSON.stringify(orphan)}`);
      if (report.decisionsDelivered) console.log(`[reconciler] delivered ${report.decisionsDelivered} decision(s)`);
      if (report.endedRuns) console.log(`[reconciler] recorded the end of ${report.endedRuns} run(s)`);
      const { settled, released } = report.refunds;
      if (settled.length + released.length) console.log(`[reconciler] refunds held by ended runs: ${settled.length} settled, ${released.length} released`);
    } catch (error) {
      console.warn('[reconciler] sweep failed', error);
    } finally {
      busy = false;
    }
  };
  void sweep();
  setInterval(sweep, SWEEP_MS).unref();
}
