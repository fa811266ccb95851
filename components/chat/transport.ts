import { WorkflowChatTransport } from '@workflow/ai';
import { refreshChatList } from '@/components/sidebar/chats-api';
import type { ChatMessage } from '@/lib/chat/types';

const RECONNECT_BUDGET_MS = 90_000;
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * WorkflowChatTransport wired to our routes. It posts only the newest message (the server
 * owns the history), remembers the run answering the current turn, and reconnects to that
 * run by id, so a reconnect never races the run's end. Reconnects outlast a server restart.
 */
export class ChatTransport extends WorkflowChatTransport<ChatMessage> {
  // Reconnects replay the turn from its first chunk (which starts the message):
  // useChat must rebuild the message rather than append to a half-built one.
  readonly resumeStreamIsReplay = true;

  /** The run answering the current turn; null between turns. */
  runId: string | null;
  /** Runs this view saw end (finished or stopped): never followed again. */
  readonly endedRuns = new Set<string>();
  private reconnected = false;
  private readonly onConnectionChange: (lost: boolean) => void;

  constructor(options: {
    chatId: string;
    isNew: boolean;
    activeRunId: string | null;
    onConnectionChange?: (lost: boolean) => void;
  }) {
    super({
      api: '/api/chat',
      maxConsecutiveErrors: 5,
      fetch: (input, init) => this.fetchPatiently(input, init),
      // `body` carries the per-request options the view passes (the model; `regenerate` or
      // `edit` for a message action). A regeneration sends no message: it answers the same one.
      prepareSendMessagesRequest: ({ id, messages, body }) => {
        // The transport sends no content type, so the browser would say text/plain: the API takes only JSON (CSRF).
        const headers = { 'content-type': 'application/json' };
        if (body && 'regenerate' in body) return { body: { ...body, id }, headers };
        const last = messages.at(-1);
        return { body: { ...body, id, message: last && { id: last.id, role: last.role, parts: last.parts } }, headers };
      },
      onChatSendMessage: (response) => {
        this.runId = response.headers.get('x-workflow-run-id');
        this.reconnected = false;
        // The chat exists now: give it its own address and list it.
        if (options.isNew && window.location.pathname !== `/chat/${options.chatId}`) {
          window.history.replaceState(null, '', `/chat/${options.chatId}`);
        }
        refreshChatList();
      },
      onChatEnd: () => {
        if (this.runId) this.endedRuns.add(this.runId);
        this.runId = null;
        refreshChatList();
      },
      prepareReconnectToStreamRequest: ({ api }) => {
        this.reconnected = true;
        return { api: this.runId ? `/api/chat/${encodeURIComponent(this.runId)}/stream` : api };
      },
    });
    this.runId = options.activeRunId;
    this.onConnectionChange = options.onConnectionChange ?? (() => {});
  }

  /** A run started later answers the current turn (see the chat view's starting turn). */
  follow(runId: string): void {
    this.runId = runId;
  }

  /** The turn was stopped: there is no run to reconnect to any more. */
  forgetRun(): void {
    if (this.runId) this.endedRuns.add(this.runId);
    this.runId = null;
  }

  /** Whether the turn that just ended had to reconnect; asking clears it. */
  takeReconnected(): boolean {
    const reconnected = this.reconnected;
    this.reconnected = false;
    return reconnected;
  }

  /** Retries reconnects (GETs) through network errors and gateway errors, e.g. while the server restarts. */
  private async fetchPatiently(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const retryable = (init?.method ?? 'GET').toUpperCase() === 'GET';
    const deadline = Date.now() + RECONNECT_BUDGET_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(input, init);
        if (!retryable || !RETRYABLE_STATUSES.has(response.status) || Date.now() > deadline) {
          if (attempt > 0) this.onConnectionChange(false);
          return response;
        }
      } catch (error) {
        if (!retryable || init?.signal?.aborted || Date.now() > deadline) {
          if (attempt > 0) this.onConnectionChange(false);
          throw error;
        }
      }
      this.onConnectionChange(true);
      await wait(Math.min(250 * 2 ** attempt, 4000), init?.signal);
    }
  }
}

function wait(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
