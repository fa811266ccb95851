import { randomInt, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { repairHalfRecordedSteps, type HalfRecordedStep } from '@/lib/engine/postgres-world-repair';

/**
 * Several app instances share one Postgres world. Each runs Graphile Worker workers, which lock
 * the jobs (workflow and step invocations) they execute. When an instance dies without
 * shutting down (SIGKILL, OOM, a lost machine), its jobs stay locked: Graphile frees them only
 * after four hours, and the world re-enqueues active runs only when an instance starts. The
 * turn that instance was running would hang.
 *
 * So every instance holds a session-level advisory lock for as long as it lives, and registers
 * its workers under that lock in `app_cluster.instance_workers`. Postgres releases the lock the
 * moment the process's connection closes. Every few seconds each instance checks the other
 * registered instances: one whose lock can be taken is gone, and its workers' jobs are
 * unlocked (`graphile_worker.force_unlock_workers`), so a live worker runs them again. An
 * interrupted step then runs as its next attempt; tools that change things are idempotent
 * steps, and the chat stream drops the dead attempt's partial output.
 *
 * A lost liveness connection looks like death to the others, so the connection uses TCP
 * keep-alive and is re-established (and the lock re-taken) on the next sweep.
 */

const LOCK_CLASS = 0x43484154; // "CHAT": the advisory lock namespace of this app's instances
const SETUP_LOCK_KEY = 0; // instances' own keys are never 0
const randomLockKey = () => randomInt(1, 2 ** 31 - 1);

const SETUP_SQL = `
  create schema if not exists app_cluster;
  create table if not exists app_cluster.instance_workers (
    worker_id text primary key,
    instance_id text not null,
    lock_key integer not null,
    registered_at timestamptz not null default now()
  );
  create index if not exists instance_workers_instance on app_cluster.instance_workers (instance_id);
  create table if not exists app_cluster.job_crash_refunds (
    job_id bigint primary key,
    refunds integer not null default 0
  );
`;

/**
 * Graphile counts an attempt when a worker takes a job, and the Postgres world gives each job
 * three. A worker that dies with the job did not fail it, yet the attempt is spent: three
 * crashes in a row (a rolling deploy, a crash loop) and the job is dead for good, its run
 * hanging forever. So the attempt a dead worker took is given back, up to this many times per
 * job: a job that keeps killing its process must not kill every instance forever (a step has
 * its own allowance, lib/engine/step-retries.ts).
 */
const CRASH_REFUNDS_PER_JOB = 20;
/** A job whose attempts all failed with an error gets one more, this long after its last. */
const DEAD_JOB_RETRY_AFTER = '30 seconds';
/**
 * How a delivery fails when the server it went to was not there: killed mid-request, or not
 * listening yet (a restarted instance's workers start before its HTTP server does).
 */
const SERVER_WAS_DOWN = 'ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|fetch failed|other side closed|UND_ERR_SOCKET';

export interface RecoveredInstance {
  instanceId: string;
  workerIds: string[];
}

export class InstanceRegistry {
  readonly instanceId = `${os.hostname()}:${process.env.PORT ?? '?'}:${randomUUID().slice(0, 8)}`;
  private lockKey = randomLockKey();
  private client: Client | null = null;
  private readonly registered = new Set<string>();

  constructor(private readonly connectionString: string) {}

  /** Connects, creates the registry if needed and takes this instance's liveness lock. */
  async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, keepAlive: true, application_name: `chat-instance ${this.instanceId}` });
    const lost = (reason: string) => {
      if (this.client !== client) return;
      console.warn(`[instances] liveness connection lost (${reason}); reconnecting`);
      this.client = null;
      client.end().catch(() => {});
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('closed'));
    try {
      await client.connect();
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, SETUP_LOCK_KEY]); // one DDL at a time
      await client.query(SETUP_SQL);
      await client.query('commit');
      // A fresh random key is free unless another live instance drew the same one.
      while (!(await client.query('select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, this.lockKey])).rows[0].ok) {
        this.lockKey = randomLockKey();
      }
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    this.registered.clear(); // registered again under the (possibly new) lock
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Records workers of this instance not yet registered. */
  async register(workerIds: string[]): Promise<void> {
    const fresh = workerIds.filter((id) => !this.registered.has(id));
    if (!this.client || fresh.length === 0) return;
    await this.client.query(
      `insert into app_cluster.instance_workers (worker_id, instance_id, lock_key)
       select unnest($1::text[]), $2, $3
       on conflict (worker_id) do update set instance_id = excluded.instance_id, lock_key = excluded.lock_key`,
      [fresh, this.instanceId, this.lockKey],
    );
    for (const id of fresh) this.registered.add(id);
  }

  /** How many other registered instances are alive (hold their liveness lock). */
  async countLivePeers(): Promise<number> {
    let alive = 0;
    for (const peer of await this.otherInstances()) {
      if (await this.isAlive(peer.lock_key)) alive++;
    }
    return alive;
  }

  private async otherInstances() {
    const { rows } = await this.client!.query<{ instance_id: string; lock_key: number; worker_ids: string[] }>(
      `select instance_id, lock_key, array_agg(worker_id) as worker_ids
       from app_cluster.instance_workers where instance_id <> $1 group by instance_id, lock_key`,
      [this.instanceId],
    );
    return rows;
  }

  private async isAlive(lockKey: number): Promise<boolean> {
    const free = (await this.client!.query('select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, lockKey])).rows[0].ok;
    if (free) await this.client!.query('select pg_advisory_unlock($1, $2)', [LOCK_CLASS, lockKey]);
    return !free;
  }

  /** Unlocks the jobs of every registered instance whose liveness lock is free, and forgets it. */
  async recoverDeadInstances(): Promise<RecoveredInstance[]> {
    const client = this.client;
    if (!client) return [];
    const recovered: RecoveredInstance[] = [];
    for (const row of await this.otherInstances()) {
      if (await this.isAlive(row.lock_key)) continue;
      await this.releaseJobsOf(row.worker_ids);
      await client.query('delete from app_cluster.instance_workers where instance_id = $1', [row.instance_id]);
      recovered.push({ instanceId: row.instance_id, workerIds: row.worker_ids });
    }
    return recovered;
  }

  /**
   * Unlocks jobs held by workers that no instance registered, locked before `lockedBefore`:
   * an instance that died in its first seconds, after its workers took jobs and before they
   * were registered, leaves those nowhere else to be found (Graphile would wait four hours).
   */
  async recoverUnregisteredClaims(lockedBefore: Date): Promise<string[]> {
    const client = this.client;
    if (!client) return [];
    const { rows } = await client.query<{ locked_by: string }>(
      `select distinct jobs.locked_by from graphile_worker._private_jobs jobs
       where jobs.locked_by is not null and jobs.locked_at < $1
         and not exists (select 1 from app_cluster.instance_workers w where w.worker_id = jobs.locked_by)`,
      [lockedBefore],
    );
    const workerIds = rows.map((row) => row.locked_by);
    if (workerIds.length > 0) await this.releaseJobsOf(workerIds);
    return workerIds;
  }

  /** Unlocks the jobs of dead workers, giving back the attempt each had taken (see CRASH_REFUNDS_PER_JOB). */
  private async releaseJobsOf(workerIds: string[]): Promise<void> {
    const client = this.client!;
    await client.query(
      withinAllowance('select id from graphile_worker._private_jobs where locked_by = any($2::text[]) and attempts > 0', 'attempts = attempts - 1'),
      [CRASH_REFUNDS_PER_JOB, workerIds],
    );
    await client.query('select graphile_worker.force_unlock_workers($1::text[])', [workerIds]);
  }

  /**
   * Jobs whose last delivery found no server get that attempt back and are due at once. And
   * jobs Graphile gave up on (every attempt spent) while their run still needs them: spent by
   * crashes before this instance could give the attempts back, or by errors (a server answering
   * 503 while it shut down). Each gets one more attempt, now if no attempt failed with an error,
   * else once its last attempt is DEAD_JOB_RETRY_AFTER old; within the same allowance per job.
   * Without this a run whose job died waits for the next restart to be queued again.
   */
  async reviveExhaustedJobs(): Promise<number> {
    const client = this.client;
    if (!client) return 0;
    // A delivery that found no server is a crash, not a failure: its attempt back, due now
    // (instead of Graphile's growing backoff, which held turns long after the restart).
    const { rowCount: refunded } = await client.query(
      withinAllowance(
        'select id from graphile_worker._private_jobs where locked_at is null and attempts > 0 and last_error ~* $2',
        'attempts = attempts - 1, last_error = null, run_at = now()',
      ),
      [CRASH_REFUNDS_PER_JOB, SERVER_WAS_DOWN],
    );
    const { rowCount } = await client.query(
      withinAllowance(
        `select id from graphile_worker._private_jobs
         where locked_at is null and attempts >= max_attempts
           and (last_error is null or updated_at < now() - $2::interval)`,
        'attempts = max_attempts - 1, run_at = now()',
      ),
      [CRASH_REFUNDS_PER_JOB, DEAD_JOB_RETRY_AFTER],
    );
    await client.query(
      `delete from app_cluster.job_crash_refunds r
       where not exists (select 1 from graphile_worker._private_jobs j where j.id = r.job_id)`,
    );
    return (refunded ?? 0) + (rowCount ?? 0);
  }

  /**
   * Steps a killed instance marked finished without their event (lib/engine/postgres-world-repair.ts),
   * put back to running; the caller queues their runs again.
   */
  async repairHalfRecordedSteps(olderThanMs?: number): Promise<HalfRecordedStep[]> {
    const client = this.client;
    return client ? repairHalfRecordedSteps(client, olderThanMs) : [];
  }

  /** Leaves the registry on a clean shutdown (a crash leaves it to the others). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    await client.query('delete from app_cluster.instance_workers where instance_id = $1', [this.instanceId]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/**
 * One statement that gives the jobs `candidates` selects an attempt back (`change`), each within
 * its allowance of CRASH_REFUNDS_PER_JOB, counted in app_cluster.job_crash_refunds. `$1` is the
 * allowance; the candidates may use `$2`.
 */
function withinAllowance(candidates: string, change: string): string {
  return `with candidates as (${candidates}), refunded as (
       insert into app_cluster.job_crash_refunds (job_id, refunds)
       select id, 1 from candidates
       on conflict (job_id) do update set refunds = job_crash_refunds.refunds + 1
         where job_crash_refunds.refunds < $1
       returning job_id
     )
     update graphile_worker._private_jobs set ${change} where id in (select job_id from refunded)`;
}
