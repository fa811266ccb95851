import { randomBytes } from 'node:crypto';
import { openDatabase, setDatabase, type DatabaseDriver, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { startNeonWsProxy } from './neon-ws-proxy';
import { adminQuery, databaseUrl } from './postgres-admin';

/** A fresh, migrated and seeded database of the given driver, dropped again on close. */
export async function createTestDatabase(driver: DatabaseDriver): Promise<DatabaseHandle> {
  if (driver === 'pglite') {
    const handle = await openDatabase({ driver, url: 'memory://' });
    await migrateDatabase(handle);
    return handle;
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const proxy = driver === 'neon' ? await startNeonWsProxy() : null;
  const handle = await openDatabase({ driver, url: databaseUrl(name), neonWsProxy: proxy?.wsProxy });
  await migrateDatabase(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      await proxy?.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Points the app's query functions at a fresh test database for the rest of the file. */
export async function setUpTestDatabase(driver: DatabaseDriver = 'pglite'): Promise<DatabaseHandle> {
  const handle = await createTestDatabase(driver);
  setDatabase(handle);
  return handle;
}
