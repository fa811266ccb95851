import { createUIMessageStreamResponse } from 'ai';
import { resolveStreamTarget } from '@/lib/chat/resolve-stream-target';
import { openRunStream } from '@/lib/chat/run-stream';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

/**
 * Reconnects to a turn's stream from chunk `startIndex`. `{id}` is a chat id (its running
 * turn, or 204 when none runs) or a run id (that run's stream, also after it ended).
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const session = await requireSession(request);
  const { id } = await params;
  const startIndex = parseStartIndex(new URL(request.url).searchParams.get('startIndex'));
  const runId = await resolveStreamTarget(id, session);
  if (!runId) return new Response(null, { status: 204 });
  const { stream, tailIndex } = await openRunStream(runId, startIndex);
  return createUIMessageStreamResponse({
    stream,
    headers: { 'x-workflow-run-id': runId, 'x-workflow-stream-tail-index': String(tailIndex) },
  });
});

function parseStartIndex(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^-?\d{1,9}$/.test(raw)) throw new ApiError('bad_request', 'startIndex must be an integer.');
  return Number(raw);
}

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
