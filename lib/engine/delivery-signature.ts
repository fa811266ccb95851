import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { getAuthSecret } from '@/lib/auth/secret';

/**
 * The workflow engine's own HTTP routes (`/.well-known/workflow/v1/flow` and `/step`) run
 * whatever queue message they are given, and the SDK checks nothing but three `x-vqs-*`
 * headers. So every delivery the app's world sends carries this header: an HMAC of the
 * queue name under a key derived from AUTH_SECRET, which every instance shares. The proxy
 * answers anything without a valid one exactly like a route that does not exist.
 *
 * The signature is the same for every message of one queue (a delayed delivery may run
 * a day later, so it cannot expire); it never leaves the server and the world's own
 * storage, which an attacker who can read could also write.
 */
export const DELIVERY_SIGNATURE_HEADER = 'x-engine-signature';
export const QUEUE_NAME_HEADER = 'x-vqs-queue-name';

let cachedKey: Promise<Buffer> | undefined;

/** The delivery key: derived from AUTH_SECRET, never the session key itself. */
export function deliveryKey(): Promise<Buffer> {
  cachedKey ??= getAuthSecret()
    .then((secret) => Buffer.from(hkdfSync('sha256', secret, 'workflow-engine-deliveries', 'v1', 32)))
    .catch((error: unknown) => {
      cachedKey = undefined;
      throw error;
    });
  return cachedKey;
}

export function signDelivery(key: Buffer, queueName: string): string {
  return createHmac('sha256', key).update(`delivery\n${queueName}`).digest('base64url');
}

export function isValidDeliverySignature(key: Buffer, queueName: string, signature: string | null): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signDelivery(key, queueName));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
