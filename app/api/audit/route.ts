import { z } from 'zod';
import { listAuditEvents } from '@/db/queries/audit';
import { requireRole } from '@/lib/auth/require-role';
import { ApiError, requireSession, route } from '@/lib/http';

const querySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
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
