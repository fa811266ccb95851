import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { setUpTestDatabase } from '@/testing/db';
import { listAuditEvents, recordAudit } from './audit';

describe.each(['pglite', 'postgres'] as const)('the audit record on %s', (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await setUpTestDatabase(driver);
  });
  afterAll(() => database.close());

  it('takes new records and refuses every edit and deletion, even by hand', async () => {
    await recordAudit(database.db, { action: 'approval.requested', actorId: null, summary: 'Refund $5.00 to Ada for order #1001' });
    const [event] = await listAuditEvents({ limit: 1 });
    expect(event).toMatchObject({ action: 'approval.requested', summary: 'Refund $5.00 to Ada for order #1001', actorName: null });
    await expect(database.db.execute(sql`update audit_events set summary = 'nothing happened' where id = ${event!.id}`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_events where id = ${event!.id}`)).rejects.toThrow();
    expect((await listAuditEvents({ limit: 1 }))[0]).toEqual(event);
  });
});
