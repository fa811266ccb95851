import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { dataDir } from '@/lib/config';
import { lockDataFolder } from './pglite-lock';
import * as schema from './schema';
import type { Env } from '@/lib/config';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction, for queries that must commit together. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseDriver = 'pglite' | 'neon' | 'postgres';

export interface DatabaseConfig {
  driver: DatabaseDriver;
  /** Connection string, or for PGlite a data folder (`memory://` for a throwaway one). */
  url: string;
  /** Neon only: route the driver's WebSocket through this proxy (`host:port/path`), for local Postgres. */
  neonWsProxy?: string;
}

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  close(): Promise<void>;
}

/** Reads the driver choice from the environment: no DATABASE_URL means embedded PGlite in DATA_DIR. */
export function databaseConfigFromEnv(env: Env = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { driver: 'pglite', url: path.join(dataDir(env), 'pglite') };
  const forced = env.DATABASE_DRIVER?.trim();
  if (forced && forced !== 'neon' && forced !== 'postgres') {
    throw new Error(`DATABASE_DRIVER must be "neon" or "postgres", got "${forced}"`);
  }
  const driver: DatabaseDriver = (forced as DatabaseDriver | undefined) ?? (isNeonUrl(url) ? 'neon' : 'postgres');
  return { driver, url, neonWsProxy: env.NEON_WS_PROXY?.trim() || undefined };
}

export function isNeonUrl(url: string): boolean {
  try {
    return /(^|\.)neon\.tech$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * A connection the pool held idle was closed by the server (a restart, a failover, an idle
 * timeout, a dropped database). Unheard, the pool's error would end the process; the pool has
 * already let the connection go and opens a new one for the next query.
 */
function reportIdleConnectionError(error: Error): void {
  console.warn(`[db] the database closed an idle connection: ${error.message}`);
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  switch (config.driver) {
    case 'pglite': {
      const { PGlite } = await import('@electric-sql/pglite');
      const { drizzle } = await import('drizzle-orm/pglite');
      if (config.url === 'memory://') {
        const client = new PGlite();
        await client.waitReady;
        return { db: drizzle({ client, schema }) as unknown as Database, driver: 'pglite', close: () => client.close() };
      }
      await mkdir(config.url, { recursive: true });
      const lock = lockDataFolder(config.url);
      try {
        const client = new PGlite(config.url);
        await client.waitReady;
        const db = drizzle({ client, schema }) as unknown as Database;
        return { db, driver: 'pglite', close: () => client.close().finally(() => lock.release()) };
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    case 'neon': {
      const { Pool, neonConfig } = await import('@neondatabase/serverless');
      const { drizzle } = await import('drizzle-orm/neon-serverless');
      const { default: WebSocket } = await import('ws');
      neonConfig.webSocketConstructor = WebSocket;
      if (config.neonWsProxy) {
        const proxy = config.neonWsProxy;
        // A plain Postgres behind a WebSocket-to-TCP proxy speaks no TLS and no pipelining.
        neonConfig.wsProxy = () => proxy;
        neonConfig.useSecureWebSocket = false;
        neonConfig.pipelineTLS = false;
        neonConfig.pipelineConnect = false;
      }
      const pool = new Pool({ connectionString: config.url, max: 10 });
      pool.on('error', reportIdleConnectionError);
      const db = drizzle({ client: pool, schema }) as unknown as Database;
      return { db, driver: 'neon', close: () => pool.end() };
    }
    case 'postgres': {
      const { Pool } = await import('pg');
      const { drizzle } = await import('drizzle-orm/node-postgres');
      const pool = new Pool({ connectionString: config.url, max: 10 });
      pool.on('error', reportIdleConnectionError);
      const db = drizzle({ client: pool, schema }) as unknown as Database;
      return { db, driver: 'postgres', close: () => pool.end() };
    }
  }
}

// One handle per process. Next bundles routes and workflow steps separately, so the
// handle lives on globalThis: PGlite in particular must never be opened twice.
const globalForDb = globalThis as typeof globalThis & {
  __appDatabase?: Promise<DatabaseHandle>;
};

export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.__appDatabase ??= openDatabase(databaseConfigFromEnv()).catch((error: unknown) => {
    globalForDb.__appDatabase = undefined;
    throw error;
  });
  return globalForDb.__appDatabase;
}

export async function db(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Tests point the app at a database of their own. */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  globalForDb.__appDatabase = handle ? Promise.resolve(handle) : undefined;
}
