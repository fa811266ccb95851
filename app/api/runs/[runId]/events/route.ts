import { z } from 'zod';
import { getWorld } from 'workflow/runtime';
import { getRunArchive } from '@/db/queries/archives';
import { getRunForViewer } from '@/db/queries/runs';
import { decodeForDisplay } from '@/lib/runs/decode';
import { isEventCursor } from '@/lib/runs/event-cursor';
import { redactForDisplay } from '@/lib/runs/redact';
import type { LogEvent } from '@/lib/runs/timeline';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

const cursorSchema = z.string().max(200).refine(isEventCursor).optional();

/**
 * The raw event log of a run the caller may see (theirs; anyone's for an admin), decoded and with secrets redacted, 200 at a
 * time (`?cursor=` from the previous page). An archived run's log comes from its archive in
 * one page: the world may have let go of it, and the archive keeps of each event's data only
 * what the timeline reads.
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const session = await requireSession(request);
  const { runId } = await params;
  if (!(await getRunForViewer(runId, session))) throw new ApiError('not_found', 'Run not found.');
  const cursor = cursorSchema.safeParse(new URL(request.url).searchParams.get('cursor') ?? undefined);
  if (!cursor.success) throw new ApiError('bad_request', 'cursor: must be the nextCursor of a previous page.');

  const archive = await getRunArchive(runId);
  if (archive) {
    const events = (archive.events as (Omit<LogEvent, 'at'> & { at: string })[]).map((event) => ({
      eventId: null,
      type: event.type,
      correlationId: event.correlationId ?? null,
      createdAt: event.at,
      data: event.data ? redactForDisplay(event.data) : null,
    }));
    return Response.json({ events, nextCursor: null });
  }

  const page = await getWorld().events.list({ runId, pagination: { limit: 200, cursor: cursor.data, sortOrder: 'asc' }, resolveData: 'all' });
  const events = page.data.map((event) => ({
    eventId: event.eventId,
    type: event.eventType,
    correlationId: event.correlationId ?? null,
    createdAt: event.createdAt,
    data:
      'eventData' in event && event.eventData
        ? redactForDisplay(Object.fromEntries(Object.entries(event.eventData).map(([key, value]) => [key, decodeForDisplay(value)])))
        : null,
  }));
  return Response.json({ events, nextCursor: page.hasMore ? page.cursor : null });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
