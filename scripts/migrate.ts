// `npm run db:migrate`: the one command that brings a database up to date (dev, start, tests, CI).
import { databaseConfigFromEnv, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { ensureAuthSecret } from '@/lib/auth/secret';

async function main() {
  const config = databaseConfigFromEnv();
  const started = Date.now();
  const handle = await openDatabase(config);
  try {
    const { seeded } = await migrateDatabase(handle);
    const where = config.driver === 'pglite' ? config.url : new URL(config.url).host;
    console.log(
      `[db] ${config.driver} at ${where} is up to date${seeded ? ' (demo store seeded)' : ''} in ${Date.now() - started} ms`,
    );
  } finally {
    await handle.close();
  }
  await ensureAuthSecret();
}

main().catch((error) => {
  console.error('[db] migration failed:', error);
  process.exit(1);
});
