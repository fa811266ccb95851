import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '@/lib/config';

const MIN_SECRET_LENGTH = 32;

let cached: Promise<Uint8Array> | undefined;

/**
 * The key that signs session cookies. AUTH_SECRET wins; without it, a local install
 * (embedded database) generates one once and keeps it in DATA_DIR so sessions survive
 * restarts. With a real database (DATABASE_URL), several instances may share the users,
 * so they must share the key: AUTH_SECRET is required.
 */
export function getAuthSecret(): Promise<Uint8Array> {
  cached ??= loadSecret().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function loadSecret(): Promise<Uint8Array> {
  const fromEnv = process.env.AUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return new TextEncoder().encode(fromEnv);
  }
  if (process.env.DATABASE_URL?.trim()) {
    throw new Error('AUTH_SECRET is required when DATABASE_URL is set (32+ random characters, the same on every instance)');
  }
  return new TextEncoder().encode(await ensureAuthSecret());
}

/** Returns the secret kept in DATA_DIR, creating it on first use (first writer wins). */
export async function ensureAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET?.trim()) return process.env.AUTH_SECRET.trim();
  const file = path.join(dataDir(), 'auth-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
