import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, databaseUrl } from '@/testing/postgres-admin';
import { openDatabase, type DatabaseHandle } from './client';

// A Postgres restart, a failover or an idle timeout closes connections the pool holds idle.
// An unheard error from one of them would end the whole server process.
describe.each(['postgres', 'neon'] as const)('a %s pool whose idle connections the server closes', (driver) => {
  const name = `t_pool_${randomBytes(4).toString('hex')}`;
  let handle: DatabaseHandle;
  let proxy: { close(): Promise<void> } | null = null;

  beforeAll(async () => {
    await adminQuery(`create database ${name}`);
    if (driver === 'neon') {
      const { startNeonWsProxy } = await import('@/testing/neon-ws-proxy');
      const started = await startNeonWsProxy();
      proxy = started;
      handle = await openDatabase({ driver, url: databaseUrl(name), neonWsProxy: started.wsProxy });
    } else {
      handle = await openDatabase({ driver, url: databaseUrl(name) });
    }
  });
  afterAll(async () => {
    await handle.close();
    await proxy?.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });

  it('keeps the process up and opens new connections for the next queries', async () => {
    await Promise.all([1, 2, 3].map(() => handle.db.execute(sql`select pg_sleep(0.05)`)));
    const { rowCount } = await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
    expect(rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the closed connections report their errors
    const result = await handle.db.execute(sql`select 1 as one`);
    expect(result.rows).toEqual([{ one: 1 }]);
  });
});
