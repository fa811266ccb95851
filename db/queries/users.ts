import { inArray } from 'drizzle-orm';
import { db } from '../client';
import { users } from '../schema';

/** "Guest 7F3A": a guest's name, stable for their id. */
export function guestName(userId: string): string {
  return `Guest ${userId.replace(/-/g, '').slice(0, 4).toUpperCase()}`;
}

/** Guest users exist as soon as they act: the first chat creates their row. */
export async function ensureUser(userId: string): Promise<void> {
  await (await db()).insert(users).values({ id: userId, displayName: guestName(userId) }).onConflictDoNothing();
}

export async function getDisplayNames(userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await (await db())
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
