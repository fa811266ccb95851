import { and, eq, inArray, isNotNull, lt, notExists, sql } from 'drizzle-orm';
import { db } from '../client';
import { runArchives, runs } from '../schema';

export type RunArchive = typeof runArchives.$inferSelect;

export async function saveRunArchive(archive: Omit<RunArchive, 'archivedAt'>): Promise<void> {
  await (await db()).insert(runArchives).values(archive).onConflictDoNothing();
}

export async function getRunArchive(runId: string): Promise<RunArchive | null> {
  const [archive] = await (await db()).select().from(runArchives).where(eq(runArchives.runId, runId));
  return archive ?? null;
}

/** Finished runs, ended before `before`, not archived yet: oldest first. */
export async function listRunsToArchive(before: Date, limit: number): Promise<string[]> {
  const rows = await (await db())
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        inArray(runs.status, ['completed', 'failed', 'cancelled']),
        isNotNull(runs.finishedAt),
        lt(runs.finishedAt, before),
        notExists(sql`(select 1 from ${runArchives} where ${runArchives.runId} = ${runs.id})`),
      ),
    )
    .orderBy(runs.finishedAt)
    .limit(limit);
  return rows.map((row) => row.id);
}
