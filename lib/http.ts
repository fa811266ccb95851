import type { z } from 'zod';
import { sessionFromHeaders, type Session } from '@/lib/auth/session';
import { crossSiteRefusal } from '@/lib/web/same-origin-json';
import { findIllFormedString } from '@/lib/web/well-formed-json';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  too_many_requests: 429,
  internal_error: 500,
};

/** An error a route answers with: `{ error: { code, message, ...details } }` and the code's status. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const retryAfter = error.details.retryAfterSeconds;
    return Response.json(
      { error: { code: error.code, message: error.message, ...error.details } },
      { status: error.status, headers: typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : undefined },
    );
  }
  console.error('[api] unexpected error', error);
  return Response.json(
    { error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } },
    { status: 500 },
  );
}

/**
 * Wraps a route handler so every thrown error becomes a JSON error response, and so every
 * state-changing request is refused unless it is JSON from the app's own origin (CSRF).
 */
export function route<Args extends [Request, ...unknown[]]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      const refusal = crossSiteRefusal(args[0]);
      if (refusal) throw new ApiError('forbidden', refusal);
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export async function requireSession(request: Request): Promise<Session> {
  const session = await sessionFromHeaders(request.headers);
  if (!session) throw new ApiError('unauthorized', 'Sign in first: this request carries no valid session.');
  return session;
}

/** No body of this API comes near it: a message is at most 8,000 characters. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Parses a JSON body against a schema; malformed JSON, a NUL or a lone surrogate in any
 * string, and schema failures are 400s, a huge body 413.
 */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const tooLarge = () => new ApiError('payload_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KB.`);
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The request body is not valid JSON.');
  }
  // Postgres cannot store a NUL in text or jsonb, and a lone surrogate is not text at all.
  const illFormed = findIllFormedString(raw);
  if (illFormed) throw new ApiError('bad_request', `${illFormed}: contains a NUL character or a lone UTF-16 surrogate.`);
  return parseOrBadRequest(schema, raw, 'Invalid request body.');
}

/** Parses a URL's query parameters against a schema; a failure is a 400 naming the parameter. */
export function readSearchParams<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const raw = Object.fromEntries(new URL(request.url).searchParams);
  const illFormed = findIllFormedString(raw);
  if (illFormed) throw new ApiError('bad_request', `${illFormed}: contains a NUL character or a lone UTF-16 surrogate.`);
  return parseOrBadRequest(schema, raw, 'Invalid query parameters.');
}

function parseOrBadRequest<T extends z.ZodType>(schema: T, raw: unknown, fallback: string): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError('bad_request', `${where}${issue?.message ?? fallback}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

export { refuseOtherMethods } from '@/lib/web/methods';
