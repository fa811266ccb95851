import { listPeople } from '@/db/queries/users';
import { requireRole } from '@/lib/auth/require-role';
import { refuseOtherMethods, requireSession, route } from '@/lib/http';

/** Everyone with an account and their role: admins only. */
export const GET = route(async (request: Request) => {
  requireRole(await requireSession(request), 'admin');
  return Response.json({ people: await listPeople() });
});

/** Any other method: 405 with the JSON error body and an `Allow` header. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
