import { z } from 'zod';
import { RUN_FILTERS } from '@/db/queries/runs';
import { decodeCursor, listRuns, RUNS_PAGE_SIZE } from '@/lib/runs/list';
import { seesEveryRun } from '@/lib/auth/permissions';
import { ApiError, refuseOtherMethods, requireSession, route } from '@/lib/http';

const querySchema = z.object({
  status: z.enum(RUN_FILTERS).optional(),
  chatId: z.uuid().optional(),
  cursor: z
    .string()
    .max(200)
    .refine((cursor) => decodeCursor(cursor) !== null, 'is not a cursor this list gave out')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(RUNS_PAGE_SIZE),
  userId: z.uuid().optional(),
});

/** The caller's runs (an admin's: everyone's, or one person's with `?userId=`), newest first: `?status=&chatId=&cursor=&limit=`. */
export const GET = route(async (request: Request) => {
  const session = await requireSession(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = querySchema.safeParse(params);
  if (!query.success) {
    const issue = query.error.issues[0]!;
    throw new ApiError('bad_request', `${issue.path.join('.')}: ${issue.message}`);
  }
  if (query.data.userId && query.data.userId !== session.userId && !seesEveryRun(session)) {
    throw new ApiError('forbidden', "Only an admin can see other people's runs.");
  }
  return Response.json(await listRuns({ viewer: session, ...query.data, filter: query.data.status }));
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
