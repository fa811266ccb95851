import { execFileSync } from 'node:child_process';
import { adminQuery, databaseUrl } from './postgres-admin';

/**
 * A fresh app database and a fresh, bootstrapped Postgres world database, as an operator sets
 * them up, and the environment that points `next start` at them.
 */
export async function createPostgresWorldDatabases(prefix: string) {
  const app = `${prefix}_app`;
  const world = `${prefix}_world`;
  for (const db of [app, world]) {
    await adminQuery(`drop database if exists ${db} with (force)`);
    await adminQuery(`create database ${db}`);
  }
  execFileSync(process.execPath, ['node_modules/@workflow/world-postgres/bin/setup.js'], {
    env: { ...process.env, WORKFLOW_POSTGRES_URL: databaseUrl(world) },
    stdio: 'pipe',
  });
  return {
    env: {
      DATABASE_URL: databaseUrl(app),
      WORKFLOW_TARGET_WORLD: '@workflow/world-postgres',
      WORKFLOW_POSTGRES_URL: databaseUrl(world),
    },
    async drop() {
      for (const db of [app, world]) await adminQuery(`drop database if exists ${db} with (force)`);
    },
  };
}
