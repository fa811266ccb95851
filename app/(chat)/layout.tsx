import { redirect } from 'next/navigation';
import { listChatsForUser } from '@/db/queries/chats';
import { currentSession } from '@/lib/auth/current-session';
import { AppShell } from '@/components/app-shell';
import { ChatSidebar } from '@/components/sidebar/chat-sidebar';
import { ViewerProvider } from '@/components/viewer';

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  if (!session) redirect('/sign-in');
  const chats = await listChatsForUser(session.userId);
  const viewer = { userId: session.userId, role: session.role, name: session.name, isGuest: session.isGuest };
  return (
    <ViewerProvider viewer={viewer}>
      <AppShell sidebar={<ChatSidebar initialChats={JSON.parse(JSON.stringify(chats))} me={viewer} />}>{children}</AppShell>
    </ViewerProvider>
  );
}
