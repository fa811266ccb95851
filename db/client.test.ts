import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
    const result = (await handle.db.execute(sql`select 1 as one`)) as unknown as { rows: unknown[] };
    expect(result.rows).toEqual([{ one: 1 }]);
  });
});

describe('an embedded database folder', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'pglite-lock-'));
  const folder = path.join(parent, 'pglite');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  /** `npm run db:migrate` on this folder, in a process of its own. */
  const migrateElsewhere = () =>
    spawnSync('npx', ['tsx', 'scripts/migrate.ts'], { env: { ...process.env, DATA_DIR: parent, DATABASE_URL: '' }, encoding: 'utf8', timeout: 60_000 });

  it('is refused to a second process while one has it open, and intact afterwards', async () => {
    const handle = await openDatabase({ driver: 'pglite', url: folder });
    try {
      await handle.db.execute(sql`create table kept (n int)`);
      await handle.db.execute(sql`insert into kept values (7)`);
      const refused = migrateElsewhere();
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`The embedded database in ${folder} is open in another process (pid ${process.pid})`);
      const rows = (await handle.db.execute(sql`select n from kept`)) as unknown as { rows: unknown[] };
      expect(rows.rows).toEqual([{ n: 7 }]);
    } finally {
      await handle.close();
    }
    const after = migrateElsewhere();
    expect(after.stderr).toBe('');
    expect(after.status).toBe(0);
    const reopened = await openDatabase({ driver: 'pglite', url: folder });
    try {
      const rows = (await reopened.db.execute(sql`select n from kept`)) as unknown as { rows: unknown[] };
      expect(rows.rows).toEqual([{ n: 7 }]);
    } finally {
      await reopened.close();
    }
  });

  it('is taken over from a process that ended without letting go (a crash)', async () => {
    const gone = spawnSync('node', ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${folder}.lock`, `${gone.stdout}\n`);
    const handle = await openDatabase({ driver: 'pglite', url: folder });
    expect(readFileSync(`${folder}.lock`, 'utf8').trim()).toBe(String(process.pid));
    await handle.close();
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });

  it('is refused with a clear error, not a hang, when its claim cannot be read or removed', async () => {
    mkdirSync(`${folder}.lock`);
    try {
      await expect(openDatabase({ driver: 'pglite', url: folder })).rejects.toThrow(`remove ${folder}.lock and start again`);
    } finally {
      rmSync(`${folder}.lock`, { recursive: true });
    }
  });

  it('is taken over from a killed process its parent has not reaped yet', async () => {
    // The shell becomes `sleep 30`, which never reaps its child: `sleep 0.5`, ending after the
    // exec (one ending sooner may be reaped by the shell first), is left a zombie.
    const parentOfZombie = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number.parseInt(await new Promise<string>((resolve) => parentOfZombie.stdout.once('data', (d) => resolve(String(d)))), 10);
      await expect.poll(() => readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.[0]).toBe('Z');
      writeFileSync(`${folder}.lock`, `${zombie}\n`);
      const handle = await openDatabase({ driver: 'pglite', url: folder });
      await handle.close();
    } finally {
      parentOfZombie.kill();
    }
  });
});
