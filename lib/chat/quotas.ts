import { countRecentMessagesOf, countRunningTurnsOf } from '@/db/queries/quotas';
import type { Env } from '@/lib/config';
import { ApiError } from '@/lib/http';

/**
 * How much one person may ask of the agent, counted in Postgres (every instance sees the same
 * counts): messages per hour, and turns running at once. Guests get tighter limits. Set by
 * MESSAGES_PER_HOUR (120), GUEST_MESSAGES_PER_HOUR (30), RUNNING_TURNS_PER_USER (3) and
 * GUEST_RUNNING_TURNS (1).
 */
export function quotasOf(isGuest: boolean, env: Env = process.env) {
  const number = (value: string | undefined, fallback: number) => {
    const parsed = Number(value ?? fallback);
    return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : fallback;
  };
  return isGuest
    ? { messagesPerHour: number(env.GUEST_MESSAGES_PER_HOUR, 30), runningTurns: number(env.GUEST_RUNNING_TURNS, 1) }
    : { messagesPerHour: number(env.MESSAGES_PER_HOUR, 120), runningTurns: number(env.RUNNING_TURNS_PER_USER, 3) };
}

/** Throws 429, with when to try again, if this person may not send another message to this chat now. */
export async function checkQuotas(userId: string, chatId: string, isGuest: boolean, check = { runningTurns: true }): Promise<void> {
  const limits = quotasOf(isGuest);
  const recent = await countRecentMessagesOf(userId, 3600);
  if (recent.count >= limits.messagesPerHour) {
    const retryAfterSeconds = Math.max(1, Math.ceil((recent.oldestAt!.getTime() + 3600_000 - Date.now()) / 1000));
    throw new ApiError('too_many_requests', `You have sent ${recent.count} messages in the last hour, the limit${isGuest ? ' for guests' : ''}. Try again in ${formatWait(retryAfterSeconds)}.`, { retryAfterSeconds });
  }
  // This chat's own turn is the chat's business (409 while it answers), not the quota's.
  if (check.runningTurns && (await countRunningTurnsOf(userId, chatId)) >= limits.runningTurns) {
    throw new ApiError(
      'too_many_requests',
      `${limits.runningTurns === 1 ? 'An answer is' : `${limits.runningTurns} answers are`} already running in your chats, the limit${isGuest ? ' for guests' : ''}. Wait for one to finish.`,
      { retryAfterSeconds: 5 },
    );
  }
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
