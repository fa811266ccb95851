import { and, eq } from 'drizzle-orm';
import { db } from '../client';
import { runs } from '../schema';

export type RunRecord = typeof runs.$inferSelect;

/** A run of one of the user's chats, or null: a foreign run looks exactly like a missing one. */
export async function getRunForUser(runId: string, userId: string): Promise<RunRecord | null> {
  const [run] = await (await db())
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.userId, userId)));
  return run ?? null;
}
