import type { Role } from '@/db/schema';
import { ApiError } from '@/lib/http';
import type { Session } from './session';

const RANK: Record<Role, number> = { agent: 0, approver: 1, admin: 2 };

/** The session, if its role is at least `role`; 403 otherwise (the route exists, the role may not use it). */
export function requireRole(session: Session, role: Role): Session {
  if (RANK[session.role] < RANK[role]) throw new ApiError('forbidden', `This needs the ${role} role.`);
  return session;
}
