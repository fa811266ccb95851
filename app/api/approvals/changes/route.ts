import { approvalChangeStream } from '@/lib/approvals/changes';
import { requireSession, refuseOtherMethods, route } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Server-sent `change` events whenever the requests the caller may see change. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  return new Response(approvalChangeStream(session, request.signal), {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
