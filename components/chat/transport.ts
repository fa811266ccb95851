import { WorkflowChatTransport } from '@workflow/ai';
import { refreshChatList } from '@/components/sidebar/chats-api';
import type { ChatMessage } from '@/lib/chat/types';

/**
 * WorkflowChatTransport wired to our routes. It posts only the newest message (the server
 * owns the history), remembers the run answering the current turn, and reconnects to that
 * run by id, so a reconnect never races the run's end.
 */
export class ChatTransport extends WorkflowChatTransport<ChatMessage> {
  // Reconnects replay the turn from its first chunk (which starts the message):
  // useChat must rebuild the message rather than append to a half-built one.
  readonly resumeStreamIsReplay = true;

  /** The run answering the current turn; null between turns. */
  runId: string | null;
  constructor(options: { chatId: string; isNew: boolean; activeRunId: string | null }) {
    super({
      api: '/api/chat',
      maxConsecutiveErrors: 5,
      // `body` carries the per-request options the view passes (the model).
      prepareSendMessagesRequest: ({ id, messages, body }) => {
        const last = messages.at(-1);
        return { body: { ...body, id, message: last && { id: last.id, role: last.role, parts: last.parts } } };
      },
      onChatSendMessage: (response) => {
        this.runId = response.headers.get('x-workflow-run-id');
        // The chat exists now: give it its own address and list it.
        if (options.isNew && window.location.pathname !== `/chat/${options.chatId}`) {
          window.history.replaceState(null, '', `/chat/${options.chatId}`);
        }
        refreshChatList();
      },
      onChatEnd: () => {
        this.runId = null;
        refreshChatList();
      },
      prepareReconnectToStreamRequest: ({ api }) => ({
        api: this.runId ? `/api/chat/${encodeURIComponent(this.runId)}/stream` : api,
      }),
    });
    this.runId = options.activeRunId;
  }
}
