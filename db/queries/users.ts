import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { db } from '../client';
import { approvals, chats, runs, users, type Role } from '../schema';

/** "Guest 7F3A": a name for a guest, stable for their id. */
export function guestName(userId: string): string {
  return `Guest ${userId.replace(/-/g, '').slice(0, 4).toUpperCase()}`;
}

/**
 * A user row for an id, created as a guest if missing. For tests and tools that act for a
 * user without signing in through the app; people get their rows from better-auth.
 */
export async function ensureUser(userId: string, options: { role?: Role; name?: string } = {}): Promise<void> {
  await (await db())
    .insert(users)
    .values({
      id: userId,
      displayName: options.name ?? guestName(userId),
      email: `guest-${userId}@anonymous.placeholder.invalid`,
      isAnonymous: !options.role,
      role: options.role ?? 'agent',
    })
    .onConflictDoNothing();
}

/** A guest who signs up or signs in keeps what they did as a guest: it moves to their account. */
export async function adoptGuestData(guestId: string, userId: string): Promise<void> {
  await (await db()).transaction(async (tx) => {
    await tx.update(chats).set({ userId }).where(eq(chats.userId, guestId));
    await tx.update(runs).set({ userId }).where(eq(runs.userId, guestId));
    await tx.update(approvals).set({ userId }).where(eq(approvals.userId, guestId));
    await tx.update(approvals).set({ decidedBy: userId }).where(eq(approvals.decidedBy, guestId));
  });
}

export interface Person {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  isGuest: boolean;
  createdAt: Date;
}

const personColumns = {
  id: users.id,
  name: users.displayName,
  email: users.email,
  role: users.role,
  isGuest: users.isAnonymous,
  createdAt: users.createdAt,
};

const shown = (person: Person): Person => ({ ...person, email: person.isGuest ? null : person.email });

/** Everyone with an account (guests left out), for the admin's people page. */
export async function listPeople(): Promise<Person[]> {
  const rows = await (await db()).select(personColumns).from(users).where(eq(users.isAnonymous, false)).orderBy(asc(users.displayName));
  return rows.map(shown);
}

export async function getPerson(userId: string): Promise<Person | null> {
  const [row] = await (await db()).select(personColumns).from(users).where(eq(users.id, userId));
  return row ? shown(row) : null;
}

/** Changes someone's role. Guests keep the agent role: they must sign up first. */
export async function setRole(userId: string, role: Role): Promise<Person | null> {
  const [row] = await (await db())
    .update(users)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.isAnonymous, false)))
    .returning(personColumns);
  return row ? shown(row) : null;
}

/** The names of people who can decide others' requests (approvers and admins), but not `except`. */
export async function listDeciderNames(except: string): Promise<string[]> {
  const rows = await (await db())
    .select({ name: users.displayName })
    .from(users)
    .where(and(inArray(users.role, ['approver', 'admin']), ne(users.id, except), eq(users.isAnonymous, false)))
    .orderBy(sql`${users.role} = 'admin'`, asc(users.displayName));
  return rows.map((row) => row.name);
}
