import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery, databaseUrl } from '@/testing/postgres-admin';
import { claimDatabase, claimDatabaseForLocalWorld, type DatabaseClaim } from './local-world-lock';

// Two app instances on local worlds with one DATABASE_URL would split the runs between their
// disks. Each "instance" here is one claim, as a server takes it at start.

const name = `localworld_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = databaseUrl(name);
const claims: DatabaseClaim[] = [];

async function startInstance() {
  const claim = await claimDatabase(url);
  claims.push(claim);
  return claim;
}

beforeAll(() => adminQuery(`create database ${name}`));
afterEach(async () => {
  await Promise.all(claims.splice(0).map((c) => c.release().catch(() => {})));
  vi.restoreAllMocks();
});
afterAll(() => adminQuery(`drop database if exists ${name} with (force)`));

describe('an instance on the local world with a shared database', () => {
  it('starts alone; a second is refused with what to do instead', async () => {
    await startInstance();
    const refusal = claimDatabase(url);
    await expect(refusal).rejects.toThrow(/^Another instance on the local workflow world is already using this database \(DATABASE_URL\)/);
    await expect(refusal).rejects.toThrow(/held by chat local world .* pid \d+/);
    await expect(refusal).rejects.toThrow('use the Postgres world (WORKFLOW_TARGET_WORLD=@workflow/world-postgres; see "Running on the Postgres world" in README.md)');
    await expect(refusal).rejects.toThrow('to start anyway, set ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD=1');
  });

  it('can start once the first has stopped', async () => {
    const first = await startInstance();
    await expect(claimDatabase(url)).rejects.toThrow(/Another instance/);
    await first.release();
    await expect(startInstance()).resolves.toBeDefined();
  });

  it('can start once the first has died (its connection ended without a goodbye)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await startInstance();
    await adminQuery(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and application_name like 'chat local world%'`,
    );
    await expect.poll(() => warn.mock.calls.length).toBeGreaterThan(0); // the first says it lost its claim
    await expect(startInstance()).resolves.toBeDefined();
  });

  it('starts next to another anyway with ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD=1', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await startInstance();
    const env = { DATABASE_URL: url, WORKFLOW_TARGET_WORLD: 'local' };
    await expect(claimDatabaseForLocalWorld(env)).rejects.toThrow(/Another instance/);
    await expect(claimDatabaseForLocalWorld({ ...env, ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD: '1' })).resolves.toBeUndefined();
  });

  it('is not checked on the Postgres world (instances share runs there) or on PGlite (no DATABASE_URL)', async () => {
    await startInstance();
    await expect(claimDatabaseForLocalWorld({ DATABASE_URL: url, WORKFLOW_TARGET_WORLD: '@workflow/world-postgres' })).resolves.toBeUndefined();
    await expect(claimDatabaseForLocalWorld({ WORKFLOW_TARGET_WORLD: 'local' })).resolves.toBeUndefined();
  });
});
