import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// checkConfiguration runs before every `npm start`: a configuration that cannot work must stop
// the server with a sentence a person can act on. The secret is cached once loaded, so each
// case imports a fresh copy of the modules.
const saved = { ...process.env };
beforeEach(() => vi.resetModules());
afterEach(() => {
  process.env = { ...saved };
});

async function check() {
  const { checkConfiguration } = await import('./check-config');
  return checkConfiguration();
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
