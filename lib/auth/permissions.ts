import type { Role } from '@/db/schema';

/**
 * Who may do what, decided on the server for every route and page. Roles: an `agent` chats
 * and asks for actions; an `approver` also decides other people's requests; an `admin` also
 * sees every user's runs and approvals and assigns roles. Guests are agents.
 */
export interface Viewer {
  userId: string;
  role: Role;
}

export const decidesForOthers = (viewer: Viewer) => viewer.role === 'approver' || viewer.role === 'admin';
export const seesEveryRun = (viewer: Viewer) => viewer.role === 'admin';
export const managesPeople = (viewer: Viewer) => viewer.role === 'admin';

/** What the policy recorded on a request: who asked, and whether only an approver may decide it. */
export interface Decidable {
  requesterId: string;
  approversOnly: boolean;
}

/** Whether the viewer may see the request at all (404 otherwise: its existence does not leak). */
export function maySeeRequest(request: Decidable, viewer: Viewer): boolean {
  return request.requesterId === viewer.userId || decidesForOthers(viewer);
}

export type DecisionRight = { allowed: true } | { allowed: false; reason: string };

/** Whether the viewer may decide the request: the separation of duties the policy asks for. */
export function mayDecide(request: Decidable, viewer: Viewer): DecisionRight {
  if (request.requesterId === viewer.userId) {
    return request.approversOnly
      ? { allowed: false, reason: 'You asked for this, and it is above your limit: another person, an approver, must decide it.' }
      : { allowed: true };
  }
  return decidesForOthers(viewer) ? { allowed: true } : { allowed: false, reason: 'Only an approver can decide requests made by someone else.' };
}
