import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { adminQuery, databaseUrl } from '@/testing/postgres-admin';

// checkConfiguration runs before every `npm start`: a configuration that cannot work must stop
// the server with a sentence a person can act on. The secret is cached once loaded, so each
// case imports a fresh copy of the modules.
const saved = { ...process.env };
beforeEach(() => vi.resetModules());
afterEach(() => {
  process.env = { ...saved };
});

async function check(options?: { serverStart?: boolean }) {
  const { checkConfiguration } = await import('./check-config');
  return checkConfiguration(options);
}

describe('checkConfiguration', () => {
  it('refuses a short AUTH_SECRET', async () => {
    process.env.AUTH_SECRET = 'too-short';
    await expect(check()).rejects.toThrow(/AUTH_SECRET must be at least 32 characters/);
  });

  it('requires AUTH_SECRET with a shared database, where instances must agree on it', async () => {
    delete process.env.AUTH_SECRET;
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
    await expect(check()).rejects.toThrow(/AUTH_SECRET is required when DATABASE_URL is set/);
  });

  it('without one on a local install, makes a secret once and keeps it in DATA_DIR', async () => {
    delete process.env.AUTH_SECRET;
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'chat-config-'));
    await check();
    const kept = readFileSync(path.join(process.env.DATA_DIR, 'auth-secret'), 'utf8');
    expect(kept.length).toBeGreaterThanOrEqual(32);
    vi.resetModules();
    await check();
    expect(readFileSync(path.join(process.env.DATA_DIR, 'auth-secret'), 'utf8')).toBe(kept);
  });

  it('refuses a CHAT_MODEL that is not configured', async () => {
    process.env.CHAT_MODEL = 'gateway:openai/gpt-5';
    await expect(check()).rejects.toThrow(/CHAT_MODEL "gateway:openai\/gpt-5" is not configured/);
  });
});

describe('at server start on the local world, with DATABASE_URL', () => {
  const name = `config_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(name);
  beforeAll(() => adminQuery(`create database ${name}`));
  afterAll(() => adminQuery(`drop database if exists ${name} with (force)`));
  beforeEach(() => {
    process.env.DATABASE_URL = url;
    process.env.WORKFLOW_TARGET_WORLD = 'local';
    delete process.env.ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD;
  });
  afterEach(() => vi.restoreAllMocks());

  /** A server that started first, in another process as far as Postgres can tell. */
  async function firstInstance() {
    const { claimDatabase } = await import('./local-world-lock');
    return claimDatabase(url);
  }

  it('refuses a second instance and ends the process with what to do; db:migrate still runs', async () => {
    const first = await firstInstance();
    try {
      await expect(check()).resolves.toBeUndefined(); // `npm run db:migrate` is not an instance
      const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
        throw new Error('exited');
      });
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { checkConfigurationAtServerStart } = await import('./check-config');
      await expect(checkConfigurationAtServerStart()).rejects.toThrow('exited');
      expect(exit).toHaveBeenCalledWith(1);
      expect(error).toHaveBeenCalledWith(
        expect.stringMatching(/^\[setup\] Another instance on the local workflow world is already using this database .*use the Postgres world/),
      );
    } finally {
      await first.release();
    }
  });

  it('starts once the first instance is gone, and holds the database while it runs', async () => {
    const first = await firstInstance();
    await first.release();
    await check({ serverStart: true });
    await expect(firstInstance()).rejects.toThrow(/Another instance/);
    const { claimDatabaseForLocalWorld } = await import('./local-world-lock');
    await (await claimDatabaseForLocalWorld())!.release(); // this module's own claim
  });

  it('starts next to another instance with ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD=1', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = await firstInstance();
    try {
      process.env.ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD = '1';
      await expect(check({ serverStart: true })).resolves.toBeUndefined();
    } finally {
      await first.release();
    }
  });
});
