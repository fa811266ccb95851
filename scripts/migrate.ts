// `npm run db:migrate`: the one command that brings a database up to date (dev, start, tests, CI).
import { databaseConfigFromEnv, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { checkConfiguration } from '@/lib/check-config';

async function main() {
  await checkConfiguration();
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
}

main().catch((error: unknown) => {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
