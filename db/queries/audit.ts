import { desc, lt, sql } from 'drizzle-orm';
import { db, type Database, type Tx } from '../client';
import { auditEvents, users, type AuditAction } from '../schema';

export interface AuditEntry {
  action: AuditAction;
  /** Null for what the app did on its own. */
  actorId: string | null;
  sessionId?: string | null;
  approvalId?: string | null;
  runId?: string | null;
  chatId?: string | null;
  summary: string;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one record, in the caller's transaction, with the actor's name as it is now. */
export async function recordAudit(tx: Tx | Database, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    action: entry.action,
    actorId: entry.actorId,
    actorName: entry.actorId ? sql`(select ${users.displayName} from ${users} where ${users.id} = ${entry.actorId})` : null,
    sessionId: entry.sessionId ?? null,
    approvalId: entry.approvalId ?? null,
    runId: entry.runId ?? null,
    chatId: entry.chatId ?? null,
    summary: entry.summary,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  });
}

export type AuditEvent = typeof auditEvents.$inferSelect;

/** Newest first, a page at a time: `before` is the id of the last record of the previous page. */
export async function listAuditEvents(query: { before?: number; limit: number }): Promise<AuditEvent[]> {
  return (await db())
    .select()
    .from(auditEvents)
    .where(query.before ? lt(auditEvents.id, query.before) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(query.limit);
}
