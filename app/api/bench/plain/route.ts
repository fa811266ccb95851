import { plainTurn } from '@/bench/plain-agent';
import { chatRequestSchema } from '@/lib/chat/schemas';
import { ApiError, readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

/** The benchmark's non-durable baseline. Exists only when BENCH_PLAIN_ROUTE=1. */
export const POST = route(async (request: Request) => {
  if (process.env.BENCH_PLAIN_ROUTE !== '1') throw new ApiError('not_found', 'Not found.');
  await requireSession(request);
  const body = await readJsonBody(request, chatRequestSchema);
  const result = await plainTurn(body.message);
  return result.toUIMessageStreamResponse();
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
