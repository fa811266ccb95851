import { db } from '../client';
import { users } from '../schema';

/** Guest users exist as soon as they act: the first chat creates their row. */
export async function ensureUser(userId: string): Promise<void> {
  await (await db()).insert(users).values({ id: userId }).onConflictDoNothing();
}
