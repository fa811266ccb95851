import type { Env } from '@/lib/config';
import { parseDuration } from '@/lib/duration';

/** How a webhook body is shaped: our own JSON event, or a Slack incoming-webhook message. */
export type WebhookFormat = 'json' | 'slack';

export interface NotificationConfig {
  /** Where approval events are posted (NOTIFY_WEBHOOK_URLS, comma-separated). Empty: nothing is sent. */
  urls: string[];
  /** The HMAC-SHA256 key every body is signed with (NOTIFY_WEBHOOK_SECRET). */
  secret: string;
  format: WebhookFormat;
  /** How long before an approval's deadline "approval.expiring" goes out (NOTIFY_EXPIRY_WARNING); 0: never. */
  expiryWarningMs: number;
  /** The app's address as people reach it, for the link to the inbox (NOTIFY_APP_URL). */
  appUrl: string;
}

/** Reads the notification settings; throws a sentence a person can act on when they cannot work. */
export function notificationConfig(env: Env = process.env): NotificationConfig {
  const urls = (env.NOTIFY_WEBHOOK_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!/^https?:$/.test(safeProtocol(url))) throw new Error(`NOTIFY_WEBHOOK_URLS: "${url}" is not an http(s) URL.`);
  }
  const secret = env.NOTIFY_WEBHOOK_SECRET?.trim() ?? '';
  // Unsigned deliveries could not be told from forged ones: refuse rather than send them.
  if (urls.length > 0 && secret.length < 16) throw new Error('NOTIFY_WEBHOOK_SECRET must be set (16+ characters) when NOTIFY_WEBHOOK_URLS is.');
  const format = (env.NOTIFY_WEBHOOK_FORMAT?.trim() || 'json').toLowerCase();
  if (format !== 'json' && format !== 'slack') throw new Error(`NOTIFY_WEBHOOK_FORMAT must be "json" or "slack", not "${format}".`);
  const appUrl = (env.NOTIFY_APP_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(/\/+$/, '');
  return { urls, secret, format, expiryWarningMs: parseDuration(env.NOTIFY_EXPIRY_WARNING?.trim() || '10m'), appUrl };
}

/** True when approval events go anywhere: only then is a notification run started. */
export function notificationsEnabled(env: Env = process.env): boolean {
  return Boolean(env.NOTIFY_WEBHOOK_URLS?.trim());
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
