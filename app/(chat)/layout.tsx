import { redirect } from 'next/navigation';
import { currentSession } from '@/lib/auth/current-session';
import { listChats } from '@/lib/chat/chat-records';
import { RenderedAtProvider } from '@/components/approvals/use-now';
import { AppShell } from '@/components/app-shell';
import { ChatSidebar } from '@/components/sidebar/chat-sidebar';
import { ViewerProvider } from '@/components/viewer';

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  if (!session) redirect('/sign-in');
  const chats = await listChats(session.userId);
  const viewer = { userId: session.userId, role: session.role, name: session.name, isGuest: session.isGuest };
  // Rendered once per request, on the server: the time its HTML was made (see useNow).
  // eslint-disable-next-line react-hooks/purity
  const renderedAt = Date.now();
  return (
    <ViewerProvider viewer={viewer}>
      <RenderedAtProvider time={renderedAt}>
        <AppShell sidebar={<ChatSidebar initialChats={chats} me={viewer} />}>{children}</AppShell>
      </RenderedAtProvider>
    </ViewerProvider>
  );
}
