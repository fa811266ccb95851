import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { refuseOtherMethods } from '@/lib/web/methods';

/** Liveness and readiness: the server answers and its database does too. */
export async function GET() {
  try {
    await (await db()).execute(sql`select 1`);
    return Response.json({ ok: true });
  } catch (error) {
    console.error('[health] database check failed', error);
    return Response.json({ ok: false, error: { code: 'unavailable', message: 'The database is not reachable.' } }, { status: 503 });
  }
}

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
