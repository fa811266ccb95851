import { randomBytes } from 'node:crypto';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, databaseUrl } from '@/testing/postgres-admin';
import { InstanceRegistry } from './instance-registry';

// Two instances' registries on one Postgres world database with Graphile's schema. A "crash"
// is the instance's database session ending without it leaving the registry.

const name = `cluster_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = databaseUrl(name);

let utils: WorkerUtils;
const registries: InstanceRegistry[] = [];

beforeAll(async () => {
  await adminQuery(`create database ${name}`);
  utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
});

afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
  await adminQuery('delete from app_cluster.instance_workers', url); // crashed instances leave rows
});

afterAll(async () => {
  await utils.release();
  await adminQuery(`drop database if exists ${name} with (force)`);
});

async function instance(workerIds: string[]) {
  const registry = new InstanceRegistry(url);
  registries.push(registry);
  await registry.connect();
  await registry.register(workerIds);
  return registry;
}

/** A job as Graphile leaves it while one of its workers runs it. */
async function jobLockedBy(workerId: string) {
  const job = await utils.addJob('workflow_steps', { step: workerId });
  await adminQuery(`update graphile_worker._private_jobs set locked_by = '${workerId}', locked_at = now(), attempts = 1 where id = ${job.id}`, url);
  return job.id;
}

async function lockOf(jobId: string) {
  const { rows } = await adminQuery(`select locked_by from graphile_worker._private_jobs where id = ${jobId}`, url);
  return rows[0].locked_by as string | null;
}

async function jobState(jobId: string) {
  const { rows } = await adminQuery(
    `select locked_by, attempts, is_available, run_at <= now() as due from graphile_worker._private_jobs where id = ${jobId}`,
    url,
  );
  return rows[0] as { locked_by: string | null; attempts: number; is_available: boolean; due: boolean };
}

async function crash(registry: InstanceRegistry) {
  await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'chat-instance ${registry.instanceId}'`, url);
}

describe('dead instance recovery', () => {
  it('leaves the jobs of a live instance locked', async () => {
    await instance(['worker-a1', 'worker-a2']);
    const survivor = await instance(['worker-b1']);
    const job = await jobLockedBy('worker-a1');

    expect(await survivor.recoverDeadInstances()).toEqual([]);
    expect(await lockOf(job)).toBe('worker-a1');
  });

  it('unlocks the jobs of an instance whose process died, once', async () => {
    const dying = await instance(['worker-c1', 'worker-c2']);
    const survivor = await instance(['worker-d1']);
    const job = await jobLockedBy('worker-c2');
    const ownJob = await jobLockedBy('worker-d1');

    await crash(dying);
    await expect.poll(() => adminQuery(`select count(*)::int as n from pg_stat_activity where application_name like 'chat-instance ${dying.instanceId}'`, url).then((r) => r.rows[0].n)).toBe(0);

    const recovered = await survivor.recoverDeadInstances();
    expect(recovered).toEqual([{ instanceId: dying.instanceId, workerIds: expect.arrayContaining(['worker-c1', 'worker-c2']) }]);
    expect(await lockOf(job)).toBeNull(); // runnable again, by any live worker
    expect(await lockOf(ownJob)).toBe('worker-d1');
    expect(await survivor.recoverDeadInstances()).toEqual([]); // forgotten once recovered
  });

  it('never touches jobs of workers nobody registered', async () => {
    const survivor = await instance(['worker-e1']);
    const job = await jobLockedBy('worker-unregistered');

    expect(await survivor.recoverDeadInstances()).toEqual([]);
    expect(await lockOf(job)).toBe('worker-unregistered');
  });

  it('unlocks jobs of workers nobody registered once they are older than the grace (an instance that died in its first seconds)', async () => {
    const survivor = await instance(['worker-j1']);
    const orphan = await jobLockedBy('worker-died-unregistered');
    const own = await jobLockedBy('worker-j1');
    await adminQuery(`update graphile_worker._private_jobs set locked_at = now() - interval '1 minute' where id = ${orphan}`, url);
    const fresh = await jobLockedBy('worker-just-started');

    expect(await survivor.recoverUnregisteredClaims(new Date(Date.now() - 20_000))).toEqual(['worker-died-unregistered']);
    expect(await lockOf(orphan)).toBeNull();
    expect(await lockOf(fresh)).toBe('worker-just-started'); // maybe a live instance not registered yet
    expect(await lockOf(own)).toBe('worker-j1');
  });

  it("gives back the attempt a dead worker had taken: crashes alone never use up a job's attempts", async () => {
    const dying = await instance(['worker-k1']);
    const survivor = await instance(['worker-l1']);
    const job = await jobLockedBy('worker-k1');
    await adminQuery(`update graphile_worker._private_jobs set attempts = 3, max_attempts = 3 where id = ${job}`, url);
    await crash(dying);
    await survivor.recoverDeadInstances();
    expect(await jobState(job)).toMatchObject({ locked_by: null, attempts: 2, is_available: true });
  });

  it('gives a job that every attempt failed on one more: at once if crashes spent them, later if errors did, within an allowance', async () => {
    const survivor = await instance(['worker-m1']);
    const crashed = (await utils.addJob('workflow_flows', { run: 'crashed' })).id;
    const failed = (await utils.addJob('workflow_flows', { run: 'failed' })).id;
    await adminQuery(`update graphile_worker._private_jobs set attempts = 3, max_attempts = 3, run_at = now() + interval '1 hour' where id = ${crashed}`, url);
    await adminQuery(`update graphile_worker._private_jobs set attempts = 3, max_attempts = 3, last_error = 'the step route answered 500' where id = ${failed}`, url);

    expect(await survivor.reviveExhaustedJobs()).toBe(1);
    expect(await jobState(crashed)).toMatchObject({ attempts: 2, is_available: true, due: true });
    expect(await jobState(failed)).toMatchObject({ attempts: 3, is_available: false }); // failed just now: not yet
    await adminQuery(`update graphile_worker._private_jobs set updated_at = now() - interval '1 minute' where id = ${failed}`, url);
    expect(await survivor.reviveExhaustedJobs()).toBe(1);
    expect(await jobState(failed)).toMatchObject({ attempts: 2, is_available: true, due: true });

    // A job that keeps dying is given up on after its allowance.
    let revivals = 1;
    while (revivals < 25) {
      await adminQuery(`update graphile_worker._private_jobs set attempts = 3 where id = ${crashed}`, url);
      if ((await survivor.reviveExhaustedJobs()) === 0) break;
      revivals++;
    }
    expect(revivals).toBe(20);
    expect(await jobState(crashed)).toMatchObject({ attempts: 3, is_available: false });
  });

  it('gives back at once the attempt of a delivery that found no server (killed, or not listening yet)', async () => {
    const survivor = await instance(['worker-n1']);
    const refused = (await utils.addJob('workflow_flows', { run: 'refused' })).id;
    const failed = (await utils.addJob('workflow_flows', { run: 'failed' })).id;
    // Graphile's backoff after a failed attempt: due a while from now.
    await adminQuery(
      `update graphile_worker._private_jobs set attempts = 2, max_attempts = 3, last_error = 'fetch failed', run_at = now() + interval '1 minute' where id = ${refused}`,
      url,
    );
    await adminQuery(
      `update graphile_worker._private_jobs set attempts = 2, max_attempts = 3, last_error = 'the step route answered 500', run_at = now() + interval '1 minute' where id = ${failed}`,
      url,
    );
    expect(await survivor.reviveExhaustedJobs()).toBe(1);
    expect(await jobState(refused)).toMatchObject({ attempts: 1, is_available: true, due: true });
    expect(await jobState(failed)).toMatchObject({ attempts: 2, due: false }); // a real failure keeps its backoff
    expect(await survivor.reviveExhaustedJobs()).toBe(0); // given back once per failed delivery
  });

  it('counts the live instances a joining one finds, not the dead ones', async () => {
    await instance(['worker-h1']);
    const dying = await instance(['worker-i1']);
    await crash(dying);
    const joining = await instance([]);
    await expect.poll(() => joining.countLivePeers()).toBe(1);
  });

  it('a clean shutdown leaves the registry, so nobody recovers it', async () => {
    const leaving = await instance(['worker-f1']);
    const survivor = await instance(['worker-g1']);
    await leaving.close();
    expect(await survivor.recoverDeadInstances()).toEqual([]);
  });
});
