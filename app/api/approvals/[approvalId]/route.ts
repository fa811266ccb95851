import { getApprovalForViewer } from '@/db/queries/approvals';
import { decide, decisionRequestSchema } from '@/lib/approvals/decide';
import { isUuid } from '@/lib/chat/schemas';
import { ApiError, readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

type Context = { params: Promise<{ approvalId: string }> };

/** A request the caller may see: their own, or anyone's if they decide for others. */
export const GET = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { approvalId } = await params;
  const approval = isUuid(approvalId) ? await getApprovalForViewer(approvalId, session) : null;
  if (!approval) throw new ApiError('not_found', 'Approval not found.');
  return Response.json({ approval });
});

/** Approves or rejects: `{ decision: "approve" | "reject", reason? }`. The first decision wins. */
export const POST = route(async (request: Request, { params }: Context) => {
  const session = await requireSession(request);
  const { approvalId } = await params;
  const body = await readJsonBody(request, decisionRequestSchema);
  const approval = await decide(session, approvalId, body);
  return Response.json({ approval });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { PUT, PATCH, DELETE } = refuseOtherMethods('GET', 'POST');
