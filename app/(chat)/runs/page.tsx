import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { listChatsForUser } from '@/db/queries/chats';
import { listPeople } from '@/db/queries/users';
import { currentSession } from '@/lib/auth/current-session';
import { seesEveryRun } from '@/lib/auth/permissions';
import { listRuns } from '@/lib/runs/list';
import { RunList } from '@/components/runs/run-list';

export const metadata: Metadata = { title: 'Runs' };

/** Every run the agent made for this user (for an admin: for everyone), newest first. */
export default async function RunsPage() {
  const session = await currentSession();
  if (!session) redirect('/sign-in?next=/runs');
  const admin = seesEveryRun(session);
  const [page, chats, people] = await Promise.all([listRuns({ viewer: session }), listChatsForUser(session.userId), admin ? listPeople() : null]);
  return (
    <RunList
      initialPage={JSON.parse(JSON.stringify(page))}
      chats={chats.map((chat) => ({ id: chat.id, title: chat.title }))}
      people={people?.map((person) => ({ id: person.id, name: person.name }))}
    />
  );
}
