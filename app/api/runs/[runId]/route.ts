import { getRunDetail } from '@/lib/runs/detail';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

/** A run the caller may see (theirs; anyone's for an admin), with its timeline from the world's event log. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const session = await requireSession(request);
  const { runId } = await params;
  const detail = await getRunDetail(runId, session);
  if (!detail) throw new ApiError('not_found', 'Run not found.');
  return Response.json(detail);
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
