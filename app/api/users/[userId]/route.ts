import { z } from 'zod';
import { getPerson, setRole } from '@/db/queries/users';
import { ROLES } from '@/db/schema';
import { requireRole } from '@/lib/auth/require-role';
import { isUuid } from '@/lib/chat/schemas';
import { ApiError, readJsonBody, refuseOtherMethods, requireSession, route } from '@/lib/http';

const roleChangeSchema = z.object({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) });

type Context = { params: Promise<{ userId: string }> };

/** Gives someone a role: admins only, never their own (an admin cannot lock everyone out by accident). */
export const PATCH = route(async (request: Request, { params }: Context) => {
  const session = requireRole(await requireSession(request), 'admin');
  const { userId } = await params;
  const { role } = await readJsonBody(request, roleChangeSchema);
  if (!isUuid(userId) || !(await getPerson(userId))) throw new ApiError('not_found', 'Person not found.');
  if (userId === session.userId) throw new ApiError('forbidden', 'You cannot change your own role; ask another admin.');
  const person = await setRole(userId, role);
  if (!person) throw new ApiError('conflict', 'A guest has no account to give a role to: they must sign up first.');
  return Response.json({ person });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { GET, POST, PUT, DELETE } = refuseOtherMethods('PATCH');
