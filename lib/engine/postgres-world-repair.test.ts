import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresWorldDatabases } from '@/testing/postgres-world-databases';
import { repairHalfRecordedSteps } from './postgres-world-repair';

// Steps as a kill leaves them in a real Postgres world schema: the row says finished, the
// event log does not. Only those are put back to running.

const databases = await createPostgresWorldDatabases(`repair_${randomBytes(3).toString('hex')}`);
const db = new Client({ connectionString: databases.env.WORKFLOW_POSTGRES_URL });
let serial = 0;

beforeAll(() => db.connect());
afterAll(async () => {
  await db.end();
  await databases.drop();
});

async function run(status: 'running' | 'completed' = 'running') {
  const runId = `wrun_test${++serial}`;
  await db.query(`insert into workflow.workflow_runs (id, deployment_id, status, name) values ($1, 'test', $2, 'workflow//./agents/chat-turn//chatTurn')`, [runId, status]);
  return runId;
}

/** A step whose row is `status`, finished `agoMs` ago, with the events named. */
async function step(runId: string, status: 'running' | 'completed' | 'failed', agoMs: number, events: string[]) {
  const stepId = `step_test${++serial}`;
  await db.query(
    `insert into workflow.workflow_steps (run_id, step_id, step_name, status, attempt, output, error, completed_at)
     values ($1, $2, 'step//@workflow/ai@4.2.1//doStreamStep', $3::workflow.step_status, 1, '{"text":"hi"}', $4,
             case when $3::text = 'running' then null else (now() at time zone 'utc') - make_interval(secs => $5::double precision) end)`,
    [runId, stepId, status, status === 'failed' ? 'boom' : null, agoMs / 1000],
  );
  for (const type of events) {
    await db.query(`insert into workflow.workflow_events (id, type, correlation_id, run_id) values ($1, $2, $3, $4)`, [`wevt_${++serial}`, type, stepId, runId]);
  }
  return stepId;
}

async function rowOf(stepId: string) {
  const { rows } = await db.query(`select status, output, error, completed_at from workflow.workflow_steps where step_id = $1`, [stepId]);
  return rows[0];
}

describe('repairing steps a kill left half-recorded in the Postgres world', () => {
  it('puts a step marked finished without its event back to running, and names its run', async () => {
    const runId = await run();
    const completed = await step(runId, 'completed', 60_000, ['step_created', 'step_started']);
    const failed = await step(runId, 'failed', 60_000, ['step_created', 'step_started']);

    const repaired = await repairHalfRecordedSteps(db);
    expect(repaired).toEqual(
      expect.arrayContaining([
        { runId, workflowName: 'workflow//./agents/chat-turn//chatTurn', stepId: completed, stepName: 'step//@workflow/ai@4.2.1//doStreamStep', status: 'completed' },
        expect.objectContaining({ stepId: failed, status: 'failed' }),
      ]),
    );
    expect(await rowOf(completed)).toEqual({ status: 'running', output: null, error: null, completed_at: null });
    expect((await rowOf(failed)).status).toBe('running');
    expect(await repairHalfRecordedSteps(db)).toEqual([]); // once is enough
  });

  it('leaves alone what is whole, what may be mid-write, and runs that are over', async () => {
    const runId = await run();
    const whole = await step(runId, 'completed', 60_000, ['step_created', 'step_started', 'step_completed']);
    const wholeFailure = await step(runId, 'failed', 60_000, ['step_created', 'step_started', 'step_failed']);
    const midWrite = await step(runId, 'completed', 500, ['step_created', 'step_started']);
    const running = await step(runId, 'running', 0, ['step_created', 'step_started']);
    const ended = await step(await run('completed'), 'completed', 60_000, ['step_created', 'step_started']);

    expect(await repairHalfRecordedSteps(db)).toEqual([]);
    for (const stepId of [whole, midWrite, ended]) expect((await rowOf(stepId)).status).toBe('completed');
    expect((await rowOf(wholeFailure)).status).toBe('failed');
    expect((await rowOf(running)).status).toBe('running');
    // The only instance at its start: nobody can be mid-write, so age does not matter.
    expect((await repairHalfRecordedSteps(db, 0)).map((repaired) => repaired.stepId)).toEqual([midWrite]);
  });
});
