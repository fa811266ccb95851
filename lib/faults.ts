/**
 * Fault injection, for tests and for trying failure handling by hand. A fault plan lives on
 * globalThis so the test process and the workflow's step bundle (a separate module
 * instance) see the same one. Production code only ever consults it.
 */
export interface FaultPlan {
  /** The next N payment provider calls fail as unavailable (5xx-like, worth a retry). */
  paymentUnavailable?: number;
  /** The next N payment provider calls are rate limited (retry after the given delay). */
  paymentRateLimited?: number;
  /** The next N payment provider refunds are declined for good. */
  paymentDeclined?: number;
  /** Every payment provider refund takes this long (a slow provider): not used up. */
  paymentLatencyMs?: number;
  /** The next N refund steps die after the provider refunded, before the refund is recorded. */
  crashAfterProviderRefund?: number;
  /** Crash the next N effect steps of these tools after their effect committed, before they return. */
  crashAfterCommit?: Record<string, number>;
  /** Die the next N times the code passes these points (see `crashPoint`). */
  crashAt?: Partial<Record<CrashPoint, number>>;
  /** A crash point kills the whole process (SIGKILL), as a crashed server would, instead of throwing. */
  crashByKill?: boolean;
}

/**
 * The windows where a crash leaves work half-done, each with an owner that finishes it:
 * - `afterMessageStored`: the chat route stored the message and reserved the chat, and no
 *   run exists yet (the reconciler starts it);
 * - `afterDecisionRecorded`: the approval route stored the decision and has not woken the
 *   run (the reconciler, or the next click, delivers it);
 * - `beforeHookResume`: waking the run fails (the reconciler delivers it later);
 * - `afterNotificationSent`: a webhook receiver took a delivery that is not yet recorded as
 *   delivered (the step sends it again under the same delivery id; the receiver dedupes).
 */
export type CrashPoint = 'afterMessageStored' | 'afterDecisionRecorded' | 'beforeHookResume' | 'afterNotificationSent';

const globalForFaults = globalThis as typeof globalThis & { __faultPlan?: FaultPlan; __faultPlanFromEnv?: boolean };

/** FAULT_PLAN (JSON, e.g. {"paymentUnavailable":1}) plans faults for a whole server process. */
function planFromEnvOnce() {
  if (globalForFaults.__faultPlanFromEnv) return;
  globalForFaults.__faultPlanFromEnv = true;
  const raw = process.env.FAULT_PLAN?.trim();
  if (raw && !globalForFaults.__faultPlan) globalForFaults.__faultPlan = JSON.parse(raw) as FaultPlan;
}

export function planFaults(plan: FaultPlan): void {
  globalForFaults.__faultPlan = structuredClone(plan);
}

export function clearFaults(): void {
  globalForFaults.__faultPlan = undefined;
}

/** Uses up one planned fault of this kind; true when one was planned. */
export function takeFault(kind: 'paymentUnavailable' | 'paymentRateLimited' | 'paymentDeclined' | 'crashAfterProviderRefund'): boolean {
  planFromEnvOnce();
  const plan = globalForFaults.__faultPlan;
  const left = plan?.[kind] ?? 0;
  if (left <= 0) return false;
  plan![kind] = left - 1;
  return true;
}

/** Dies here if a crash is planned at this point: throws, or with `crashByKill` kills the process. */
export function crashPoint(point: CrashPoint): void {
  planFromEnvOnce();
  const plan = globalForFaults.__faultPlan;
  const left = plan?.crashAt?.[point] ?? 0;
  if (left <= 0) return;
  plan!.crashAt![point] = left - 1;
  if (plan!.crashByKill) process.kill(process.pid, 'SIGKILL');
  throw new Error(`Injected crash at ${point}`);
}

export function takeCrashAfterCommit(toolName: string): boolean {
  planFromEnvOnce();
  const crashes = globalForFaults.__faultPlan?.crashAfterCommit;
  const left = crashes?.[toolName] ?? 0;
  if (left <= 0) return false;
  crashes![toolName] = left - 1;
  return true;
}

/** How long each payment provider refund is planned to take; 0 when no latency was planned. */
export function plannedPaymentLatencyMs(): number {
  planFromEnvOnce();
  return globalForFaults.__faultPlan?.paymentLatencyMs ?? 0;
}
