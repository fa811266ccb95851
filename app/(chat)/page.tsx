import { randomUUID } from 'node:crypto';
import { availableModels, defaultModelId } from '@/agents/models/registry';
import { ChatView } from '@/components/chat/chat-view';

export const dynamic = 'force-dynamic';

/** A new chat: it gets its id now and exists once its first message is sent. */
export default function NewChatPage() {
  const chatId = randomUUID();
  return (
    <ChatView
      key={chatId}
      chatId={chatId}
      initialMessages={[]}
      activeRunId={null}
      models={availableModels()}
      defaultModel={defaultModelId()}
      isNew
    />
  );
}
