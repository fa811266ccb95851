import path from 'node:path';
import type { DatabaseHandle } from './client';
import { demoAccountsEnabled } from '@/lib/auth/demo-accounts';
import { seedDemoAccounts, seedDemoStore } from './seed';

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * Applies every pending drizzle-kit migration, then seeds the demo store on a fresh database
 * and, where they are enabled (the embedded database by default), the demo accounts.
 */
export async function migrateDatabase(handle: DatabaseHandle, options: { demoAccounts?: boolean } = {}): Promise<{ seeded: boolean; demoAccounts: number }> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  switch (handle.driver) {
    case 'pglite': {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(handle.db as never, config);
      break;
    }
    case 'neon': {
      const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
      await migrate(handle.db as never, config);
      break;
    }
    case 'postgres': {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(handle.db as never, config);
      break;
    }
  }
  const { seeded } = await seedDemoStore(handle.db);
  const demoAccounts = (options.demoAccounts ?? demoAccountsEnabled()) ? await seedDemoAccounts(handle.db) : 0;
  return { seeded, demoAccounts };
}
