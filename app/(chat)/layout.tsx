import { listChatsForUser } from '@/db/queries/chats';
import { currentSession } from '@/lib/auth/current-session';
import { AppShell } from '@/components/app-shell';
import { ChatSidebar } from '@/components/sidebar/chat-sidebar';

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  const chats = session ? await listChatsForUser(session.userId) : [];
  return (
    <AppShell sidebar={<ChatSidebar initialChats={JSON.parse(JSON.stringify(chats))} />}>{children}</AppShell>
  );
}
