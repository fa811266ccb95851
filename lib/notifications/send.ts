import { signWebhookBody, WEBHOOK_EVENT_HEADER, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './signature';

/** What one HTTP attempt came to. */
export type SendResult =
  | { outcome: 'delivered'; status: number }
  /** Worth another try: a network error, a timeout, 408, 425, 429 or 5xx. */
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  /** The receiver refused it (another 4xx, or a redirect): the same request will not fare better. */
  | { outcome: 'refused'; error: string };

const SEND_TIMEOUT_MS = 10_000;
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/** Posts one signed delivery. Never throws: the caller decides what a failure means. */
export async function sendWebhook(request: {
  url: string;
  deliveryId: string;
  event: string;
  body: string;
  secret: string;
  now?: number;
}): Promise<SendResult> {
  const timestamp = Math.floor((request.now ?? Date.now()) / 1000);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual', // a redirect would carry a signed body somewhere nobody configured
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'support-agent-notifications/1',
        [WEBHOOK_ID_HEADER]: request.deliveryId,
        [WEBHOOK_EVENT_HEADER]: request.event,
        [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(request.secret, timestamp, request.body),
      },
      body: request.body,
    });
  } catch (error) {
    return { outcome: 'retry', error: `${request.url}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}` };
  }
  await response.body?.cancel().catch(() => {}); // the answer's body means nothing to us; free the socket
  if (response.ok) return { outcome: 'delivered', status: response.status };
  const error = `${request.url} answered ${response.status}`;
  if (response.status >= 500 || RETRYABLE_STATUSES.has(response.status)) {
    return { outcome: 'retry', error, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  }
  return { outcome: 'refused', error };
}

/** `Retry-After` in seconds or as an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Waits between attempts: 1 s, 2 s, 4 s, 8 s… at most a minute; a receiver's Retry-After wins (within a minute). */
export function backoffMs(failedAttempts: number, retryAfter?: number): number {
  const ceiling = 60_000;
  if (retryAfter !== undefined) return Math.min(ceiling, Math.max(1000, retryAfter));
  return Math.min(ceiling, 1000 * 2 ** Math.max(0, failedAttempts - 1));
}
