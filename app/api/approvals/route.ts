import { z } from 'zod';
import { listApprovalsForViewer } from '@/db/queries/approvals';
import { APPROVAL_STATUSES } from '@/db/schema';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

const statusSchema = z.enum(APPROVAL_STATUSES).optional();

/** The requests the caller may see across chats, newest first: their own, and everyone's for approvers and admins. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  const status = statusSchema.safeParse(new URL(request.url).searchParams.get('status') ?? undefined);
  if (!status.success) throw new ApiError('bad_request', `status must be one of ${APPROVAL_STATUSES.join(', ')}.`);
  return Response.json({ approvals: await listApprovalsForViewer(session, status.data) });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
