import { Client, type QueryResult } from 'pg';

/** The local PostgreSQL server the tests and the benchmark create their throwaway databases on. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of another database on that server. */
export function databaseUrl(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on its own connection: by default as the server's admin (create/drop database). */
export async function adminQuery(sql: string, connectionString = TEST_POSTGRES_URL): Promise<QueryResult> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
