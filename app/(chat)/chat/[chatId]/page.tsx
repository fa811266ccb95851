import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { availableModels, defaultModelId } from '@/agents/models/registry';
import { getChatForUser, isReservation } from '@/db/queries/chats';
import { listChatMessages, listReplacedAnswers } from '@/db/queries/messages';
import { queuedMessageViews } from '@/db/queries/queue';
import { currentSession } from '@/lib/auth/current-session';
import { runningTurnOf } from '@/lib/chat/reconcile';
import { partialAnswerOf } from '@/lib/chat/run-stream';
import { isUuid } from '@/lib/chat/schemas';
import { ChatView } from '@/components/chat/chat-view';

type Props = { params: Promise<{ chatId: string }> };

/** Once per request: the metadata and the page both ask. */
const loadChat = cache(async (chatId: string) => {
  const session = await currentSession();
  if (!session || !isUuid(chatId)) return null;
  return getChatForUser(chatId, session.userId);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const chat = await loadChat((await params).chatId);
  return { title: chat?.title ?? 'Chat not found' };
}

/** A stored chat, rendered from the database; a turn still running is resumed in the browser. */
export default async function ChatPage({ params }: Props) {
  const chat = await loadChat((await params).chatId);
  if (!chat) notFound();
  const activeRunId = await runningTurnOf(chat);
  const [messages, replacedAnswers, queued, partial] = await Promise.all([
    listChatMessages(chat.id),
    listReplacedAnswers(chat.id),
    queuedMessageViews(chat.id),
    // Reloaded mid-answer: the text already shown stays on screen while the stream catches up.
    activeRunId ? partialAnswerOf(activeRunId) : null,
  ]);
  return (
    <ChatView
      key={chat.id}
      chatId={chat.id}
      title={chat.title}
      initialMessages={messages}
      initialReplacedAnswers={replacedAnswers}
      initialQueued={queued}
      activeRunId={activeRunId}
      initialPartial={partial}
      startingTurn={chat.activeRunId !== null && isReservation(chat.activeRunId)}
      models={availableModels()}
      defaultModel={messages.findLast((m) => m.metadata?.model)?.metadata?.model ?? defaultModelId()}
      nonce={(await headers()).get('x-nonce') ?? undefined}
    />
  );
}
