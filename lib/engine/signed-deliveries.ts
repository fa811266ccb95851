import type { getWorld } from 'workflow/runtime';
import { DELIVERY_SIGNATURE_HEADER, signDelivery } from './delivery-signature';

export type World = ReturnType<typeof getWorld>;

const SIGNED = Symbol.for('chat-app.signed-deliveries');

/**
 * Makes every message the world queues carry the delivery signature, whoever queues it: the
 * runtime (`start`, hooks, steps, wake-ups) calls `world.queue`, and the Postgres world keeps
 * the headers with the job, so any instance that runs it delivers it signed. The worlds'
 * own start-up recovery queues through a private reference instead, so recovery goes
 * through `recoverActiveRuns` (lib/engine/recovery.ts).
 */
export function signWorldDeliveries(world: World, key: Buffer): void {
  const marked = world as World & { [SIGNED]?: true };
  if (marked[SIGNED]) return;
  const queue = world.queue;
  world.queue = (queueName, message, options) =>
    queue(queueName, message, {
      ...options,
      headers: { ...options?.headers, [DELIVERY_SIGNATURE_HEADER]: signDelivery(key, queueName) },
    });
  marked[SIGNED] = true;
}
