import os from 'node:os';
import { Client } from 'pg';
import type { Env } from './config';

/**
 * The local workflow world keeps its runs, hooks and streams on its own instance's disk. Two
 * instances on local worlds that share one DATABASE_URL share the chats but not the runs: a
 * turn started on one is invisible to the other (its stream, its Stop, its approval), and
 * nothing says so. So an instance on the local world claims the app database at server start:
 * a session-level advisory lock on a connection it keeps for its whole life. Postgres frees the
 * lock the moment that process's connection closes (a stop, a crash), and a second live
 * instance cannot take it and refuses to start.
 */

const LOCK_CLASS = 0x4c4f434c; // "LOCL": not the cluster's "CHAT" namespace, the two may share a database
const LOCK_KEY = 1;
export const ALLOW_VARIABLE = 'ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD';

export interface DatabaseClaim {
  release(): Promise<void>;
}

const isLocalWorld = (env: Env) => ['', 'local', '@workflow/world-local'].includes(env.WORKFLOW_TARGET_WORLD?.trim() ?? '');

/** Who holds the claim, as far as this role may see: for the refusal message. */
async function describeHolder(client: Client): Promise<string> {
  const { rows } = await client.query<{ application_name: string | null; client_addr: string | null; backend_start: Date | null }>(
    `select a.application_name, host(a.client_addr) as client_addr, a.backend_start
     from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
    [LOCK_CLASS, LOCK_KEY],
  );
  const holder = rows[0];
  if (!holder) return '';
  const who = [holder.application_name, holder.client_addr && `from ${holder.client_addr}`].filter(Boolean).join(' ');
  return ` (held by ${who || 'another connection'}${holder.backend_start ? ` since ${holder.backend_start.toISOString()}` : ''})`;
}

/** Takes the claim on this database, or fails saying what to do instead. */
export async function claimDatabase(connectionString: string): Promise<DatabaseClaim> {
  const name = `chat local world ${os.hostname()}:${process.env.PORT ?? '?'} pid ${process.pid}`.slice(0, 63);
  const client = new Client({ connectionString, keepAlive: true, application_name: name });
  // A lost connection frees the claim; say so rather than crash the server on an unhandled error.
  client.on('error', (error) =>
    console.warn(`[local world] lost the connection that holds this instance's claim on the database (${error.message}); another instance could now start on it`),
  );
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, LOCK_KEY]);
    if (!rows[0]!.ok) {
      throw new Error(
        `Another instance on the local workflow world is already using this database (DATABASE_URL)${await describeHolder(client)}. ` +
          'The local world keeps each instance\'s runs on its own disk, so two instances would split the turns between them. ' +
          'To run several instances, use the Postgres world (WORKFLOW_TARGET_WORLD=@workflow/world-postgres; see "Running on the Postgres world" in README.md); ' +
          `to replace that instance, stop it first; to start anyway, set ${ALLOW_VARIABLE}=1.`,
      );
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return { release: () => client.end() };
}

let claim: DatabaseClaim | undefined; // kept for the life of the server

/**
 * At server start: on the local world with DATABASE_URL set, claims the database for this
 * process's life (unless ALLOW_SHARED_DATABASE_ON_LOCAL_WORLD=1). Nothing to do on the Postgres
 * world, which shares runs between instances, or on PGlite, which is this instance's own.
 */
export async function claimDatabaseForLocalWorld(env: Env = process.env): Promise<DatabaseClaim | undefined> {
  const url = env.DATABASE_URL?.trim();
  if (!url || !isLocalWorld(env)) return undefined;
  if (env[ALLOW_VARIABLE]?.trim() === '1') {
    console.warn(`[local world] ${ALLOW_VARIABLE}=1: not checking for other instances on this database`);
    return undefined;
  }
  claim ??= await claimDatabase(url);
  return claim;
}
