import { z } from 'zod';
import { listAuditEvents } from '@/db/queries/audit';
import { requireRole } from '@/lib/auth/require-role';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

const querySchema = z.object({
  // A larger number is no audit id (a bigint read as a safe integer) and would fail in the query.
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit record, newest first (`?before=<id>` pages on): approvers and admins only. Read-only. */
export const GET = route(async (request: Request) => {
  requireRole(await requireSession(request), 'approver');
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new ApiError('bad_request', `${query.error.issues[0]!.path.join('.')}: ${query.error.issues[0]!.message}`);
  const events = await listAuditEvents({ before: query.data.before, limit: query.data.limit });
  const next = events.length === query.data.limit ? events.at(-1)!.id : null;
  return Response.json({ events, nextBefore: next });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
