import { getWorld } from 'workflow/runtime';
import { getRunForUser } from '@/db/queries/runs';
import { decodeForDisplay } from '@/lib/runs/decode';
import { redactForDisplay } from '@/lib/runs/redact';
import { ApiError, requireSession, route } from '@/lib/http';

/** The raw event log of one of the caller's runs, decoded and with secrets redacted. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const session = await requireSession(request);
  const { runId } = await params;
  if (!(await getRunForUser(runId, session.userId))) throw new ApiError('not_found', 'Run not found.');
  const cursor = new URL(request.url).searchParams.get('cursor') ?? undefined;
  const page = await getWorld().events.list({ runId, pagination: { limit: 200, cursor, sortOrder: 'asc' }, resolveData: 'all' });
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
