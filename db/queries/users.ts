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
