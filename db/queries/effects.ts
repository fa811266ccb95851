import { eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '../client';
import { toolEffects } from '../schema';

export interface EffectKey {
  /** The step's id (`getStepMetadata().stepId`): the same on every attempt of one step. */
  idempotencyKey: string;
  toolName: string;
  runId?: string;
  input: unknown;
}

/** The result a step already committed under this key, if it did. */
export async function findEffect<T>(idempotencyKey: string): Promise<T | undefined> {
  const [row] = await (await db())
    .select({ result: toolEffects.result })
    .from(toolEffects)
    .where(eq(toolEffects.idempotencyKey, idempotencyKey));
  return row?.result as T | undefined;
}

/**
 * Applies a side effect and records its result under the step's key, in one transaction.
 * A second attempt of the same step (a retry, a redelivery, a crash before the step
 * returned) gets the first attempt's result and changes nothing.
 */
export async function applyEffectOnce<T>(key: EffectKey, apply: (tx: Tx) => Promise<T>): Promise<T> {
  return (await db()).transaction(async (tx) => {
    // Two attempts running at once (a redelivered message) wait for each other here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key.idempotencyKey}))`);
    const [existing] = await tx
      .select({ result: toolEffects.result })
      .from(toolEffects)
      .where(eq(toolEffects.idempotencyKey, key.idempotencyKey));
    if (existing) return existing.result as T;
    const result = await apply(tx);
    await tx.insert(toolEffects).values({
      idempotencyKey: key.idempotencyKey,
      toolName: key.toolName,
      runId: key.runId ?? null,
      input: key.input ?? {},
      result: result ?? null,
    });
    return result;
  });
}

/** The effects recorded under these keys (step ids): what a run's tools changed. */
export async function listEffects(idempotencyKeys: string[]) {
  if (idempotencyKeys.length === 0) return [];
  return (await db()).select().from(toolEffects).where(inArray(toolEffects.idempotencyKey, idempotencyKeys));
}
