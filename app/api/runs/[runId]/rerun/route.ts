import { rerun } from '@/lib/runs/rerun';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

/** Starts a new run with a failed run's message and model, linked to it. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const session = await requireSession(request);
  const { runId } = await params;
  return Response.json(await rerun(session, runId), { status: 202 });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
