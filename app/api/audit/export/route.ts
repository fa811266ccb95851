import { listAuditEvents } from '@/db/queries/audit';
import { auditCsvHeader, auditCsvRow } from '@/lib/audit/csv';
import { requireRole } from '@/lib/auth/require-role';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

const PAGE = 500;

/** The whole audit record as CSV, newest first, streamed a page at a time: approvers and admins only. */
export const GET = route(async (request: Request) => {
  requireRole(await requireSession(request), 'approver');
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(auditCsvHeader()));
      }
      const events = await listAuditEvents({ before, limit: PAGE });
      for (const event of events) controller.enqueue(encoder.encode(auditCsvRow(event)));
      if (events.length < PAGE) controller.close();
      else before = events.at(-1)!.id;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${day}.csv"` },
  });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
