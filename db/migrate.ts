import path from 'node:path';
import type { DatabaseHandle } from './client';
import { seedDemoStore } from './seed';

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Applies every pending drizzle-kit migration, then seeds the demo store on a fresh database. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<{ seeded: boolean }> {
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
  return seedDemoStore(handle.db);
}
