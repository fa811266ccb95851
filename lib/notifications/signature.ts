import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers every webhook delivery carries. */
export const WEBHOOK_ID_HEADER = 'x-webhook-id';
export const WEBHOOK_EVENT_HEADER = 'x-webhook-event';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';

/** A receiver should refuse deliveries signed longer ago than this (replays of a captured request). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the timestamp is signed so it cannot be swapped. */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers and tests: true when `signature` (the x-webhook-signature header) is ours for
 * exactly this raw body and timestamp, and the timestamp is recent. Compare the raw body as
 * received, before any JSON parsing.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | null;
  signature: string | null;
  toleranceSeconds?: number;
  now?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return false;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  // Several signatures may be listed (a key being rotated): any one of them will do.
  return input.signature.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
