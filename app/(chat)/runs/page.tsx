import type { Metadata } from 'next';
import { listChatsForUser } from '@/db/queries/chats';
import { currentSession } from '@/lib/auth/current-session';
import { listRuns } from '@/lib/runs/list';
import { RunList } from '@/components/runs/run-list';

export const metadata: Metadata = { title: 'Runs' };

/** Every run the agent made for this user, newest first. */
export default async function RunsPage() {
  const session = await currentSession();
  const [page, chats] = session
    ? await Promise.all([listRuns({ userId: session.userId }), listChatsForUser(session.userId)])
    : [{ runs: [], nextCursor: null }, []];
  return (
    <RunList
      initialPage={JSON.parse(JSON.stringify(page))}
      chats={chats.map((chat) => ({ id: chat.id, title: chat.title }))}
    />
  );
}
