/**
 * Repairs a step whose end a killed process recorded only half-way in the Postgres world.
 *
 * `@workflow/world-postgres` (storage.js, `events.create`) records a step's end in two
 * separate statements: it updates the step's row to `completed` (or `failed`), then inserts
 * the `step_completed` (or `step_failed`) event. The event log is the truth the runtime
 * replays. A kill between the two leaves a step whose row is finished with no event saying
 * so: every later attempt of the step is refused as "terminal", the runtime re-queues the
 * run, the replay still waits for the step, and the turn never ends (found by the crash test:
 * one or two turns in fifteen, under load).
 *
 * The repair puts such a step back to `running`, as its `step_started` event has it, so the
 * next delivery runs it again; that is safe because every step that changes anything is
 * idempotent by its step id. Beside live instances only rows finished a while ago are touched
 * (one is between the two statements for milliseconds, not seconds); the only instance, at its
 * start, repairs rows of any age. The caller then queues the run,
 * whose replay queues the step.
 */
export interface HalfRecordedStep {
  runId: string;
  workflowName: string;
  stepId: string;
  stepName: string;
  /** What the row said before the repair. */
  status: 'completed' | 'failed';
}

/** Anything that runs a parameterised statement: a `pg` Client or Pool. */
export interface Queryable {
  query<R extends Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** Rows finished longer ago than this with no event are half-recorded, not in the middle of a write. */
export const HALF_RECORDED_AFTER_MS = 5_000;

export async function repairHalfRecordedSteps(db: Queryable, olderThanMs = HALF_RECORDED_AFTER_MS): Promise<HalfRecordedStep[]> {
  // The world writes its timestamps as UTC into columns without a time zone.
  const { rows } = await db.query<{ run_id: string; name: string; step_id: string; step_name: string; status: 'completed' | 'failed' }>(
    `with half as (
       select s.step_id, s.status
         from workflow.workflow_steps s
         join workflow.workflow_runs r on r.id = s.run_id
        where s.status in ('completed', 'failed')
          and r.status in ('pending', 'running')
          and s.completed_at < (now() at time zone 'utc') - make_interval(secs => $1::double precision)
          and not exists (
            select 1 from workflow.workflow_events e
             where e.run_id = s.run_id and e.correlation_id = s.step_id and e.type in ('step_completed', 'step_failed'))
        for update of s skip locked
     )
     update workflow.workflow_steps s
        set status = 'running', completed_at = null, output = null, output_cbor = null, error = null, error_cbor = null,
            updated_at = (now() at time zone 'utc')
       from half, workflow.workflow_runs r
      where s.step_id = half.step_id and r.id = s.run_id
      returning s.run_id, r.name, s.step_id, s.step_name, half.status`,
    [olderThanMs / 1000],
  );
  return rows.map((row) => ({ runId: row.run_id, workflowName: row.name, stepId: row.step_id, stepName: row.step_name, status: row.status }));
}
