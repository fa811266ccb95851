import { getWorld } from 'workflow/runtime';
import { decodeForDisplay } from './decode';
import { redactForDisplay } from './redact';
import type { LogEvent, LogStep } from './timeline';

type World = ReturnType<typeof getWorld>;
const PAGE = 1000;

/** Keeps of an event's data only what the timeline reads (never step inputs or outputs). */
function timelineData(data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!data) return undefined;
  const kept: Record<string, unknown> = {};
  if (typeof data.token === 'string') kept.token = data.token;
  if (data.resumeAt != null) kept.resumeAt = new Date(data.resumeAt as string | Date).toISOString();
  if (data.error != null) {
    kept.error = typeof data.error === 'object' && 'message' in data.error ? String((data.error as { message: unknown }).message) : String(data.error);
  }
  return kept;
}

/** The run's event log from the workflow world, oldest first. */
export async function readRunEvents(runId: string, world: World = getWorld()): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await world.events.list({ runId, pagination: { limit: PAGE, cursor, sortOrder: 'asc' }, resolveData: 'all' });
    for (const event of page.data) {
      const data = 'eventData' in event ? (event.eventData as Record<string, unknown> | undefined) : undefined;
      events.push({ type: event.eventType, correlationId: event.correlationId, at: event.createdAt, data: timelineData(data) });
    }
    cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
  } while (cursor);
  return events;
}

/** The run's steps with their input and output decoded for display, secrets redacted. */
export async function readRunSteps(runId: string, world: World = getWorld()): Promise<LogStep[]> {
  const steps: LogStep[] = [];
  let cursor: string | undefined;
  do {
    const page = await world.steps.list({ runId, pagination: { limit: PAGE, cursor }, resolveData: 'all' });
    for (const step of page.data) {
      steps.push({
        stepId: step.stepId,
        stepName: step.stepName,
        status: step.status,
        input: redactForDisplay(decodeForDisplay(step.input)),
        output: redactForDisplay(decodeForDisplay(step.output)),
        error: step.error?.message,
      });
    }
    cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
  } while (cursor);
  return steps;
}
