import { redirect } from 'next/navigation';
import { currentSession } from '@/lib/auth/current-session';
import { listChats } from '@/lib/chat/chat-records';
import { AppShell } from '@/components/app-shell';
import { ChatSidebar } from '@/components/sidebar/chat-sidebar';
import { ViewerProvider } from '@/components/viewer';

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  if (!session) redirect('/sign-in');
  const chats = await listChats(session.userId);
  const viewer = { userId: session.userId, role: session.role, name: session.name, isGuest: session.isGuest };
  return (
    <ViewerProvider viewer={viewer}>
      <AppShell sidebar={<ChatSidebar initialChats={chats} me={viewer} />}>{children}</AppShell>
    </ViewerProvider>
  );
}
