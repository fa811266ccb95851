import {
  listHeldRefundReservations,
  releaseRefundReservation,
  type RefundReservation,
} from '@/db/queries/refund-reservations';
import { isTerminal, workflowRunStatus } from '@/lib/chat/run-stream';
import { findRefundByIdempotencyKey } from './provider';
import { recordProviderRefund } from './refunds';

export interface SettleRefundReservationsOptions {
  /**
   * Leave reservations younger than this alone (default 5 minutes): a refund step that is
   * still on its way must not be second-guessed, even if its run looks ended for a moment.
   */
  graceMs?: number;
  /** At most this many reservations per call (default 100), oldest first. */
  limit?: number;
  now?: Date;
}

export interface SettledRefundReservations {
  /** The provider had paid: recorded as the refund step would have (keys). */
  settled: string[];
  /** The provider had not paid: the amount is free again. */
  released: string[];
  /** Their run is still going: its step will finish the job. */
  running: string[];
  /** Could not be looked at now (the world or the provider failed); tried again next time. */
  failed: { idempotencyKey: string; error: string }[];
}

export const REFUND_RESERVATION_GRACE_MS = 5 * 60_000;

/**
 * Ends the refund reservations that no step will end: their run failed, was cancelled or is
 * gone, or the step's retries ran out, after the provider may or may not have paid. Asks the
 * provider, by the reservation's idempotency key, whether the refund exists; records it if it
 * does, frees the amount if it does not. Safe to run at any time and from several instances:
 * recording is once per key, releasing is a compare-and-set.
 */
export async function settleRefundReservations(
  options: SettleRefundReservationsOptions = {},
): Promise<SettledRefundReservations> {
  const now = options.now ?? new Date();
  const createdBefore = new Date(now.getTime() - (options.graceMs ?? REFUND_RESERVATION_GRACE_MS));
  const outcome: SettledRefundReservations = { settled: [], released: [], running: [], failed: [] };
  for (const reservation of await listHeldRefundReservations(createdBefore, options.limit ?? 100)) {
    try {
      outcome[await settleOne(reservation)].push(reservation.idempotencyKey);
    } catch (error) {
      outcome.failed.push({ idempotencyKey: reservation.idempotencyKey, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}

async function settleOne(reservation: RefundReservation): Promise<'settled' | 'released' | 'running'> {
  if (reservation.runId && !isTerminal(await workflowRunStatus(reservation.runId))) return 'running';
  const paid = await findRefundByIdempotencyKey(reservation.idempotencyKey);
  if (!paid) {
    await releaseRefundReservation(reservation.idempotencyKey);
    return 'released';
  }
  await recordProviderRefund({
    idempotencyKey: reservation.idempotencyKey,
    // What the provider paid is what happened (it refuses a key reused for another amount).
    plan: { orderNumber: paid.orderNumber, amountCents: paid.amountCents, reason: reservation.reason ?? undefined },
    approvalId: reservation.approvalId,
    providerRefundId: paid.id,
  });
  return 'settled';
}
