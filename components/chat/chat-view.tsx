'use client';

import { useChat } from '@ai-sdk/react';
import { AlertCircle, ArrowDown, RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { mutate } from 'swr';
import { StickToBottom, useStickToBottomContext } from 'use-stick-to-bottom';
import type { ModelOption } from '@/agents/models/registry';
import { titleFromMessage } from '@/lib/chat/title';
import type { ChatMessage as Message } from '@/lib/chat/types';
import { PageHeader } from '@/components/app-shell';
import { PENDING_APPROVALS_KEY } from '@/components/approvals/approvals-api';
import { refreshChatList } from '@/components/sidebar/chats-api';
import { describeChatError } from './chat-errors';
import { Composer } from './composer';
import { EmptyState } from './empty-state';
import { approvalsByToolCall, ChatMessage } from './message';
import { ModelPicker } from './model-picker';
import { ChatTransport } from './transport';

export interface ChatViewProps {
  chatId: string;
  title?: string;
  initialMessages: Message[];
  /** The turn still running when the page was rendered; the view reconnects to it. */
  activeRunId: string | null;
  models: ModelOption[];
  defaultModel: string;
  /** The chat does not exist yet: its first message creates it. */
  isNew?: boolean;
  /** The newest message is stored and its answer is being started (its run does not exist yet). */
  startingTurn?: boolean;
}

export function ChatView({ chatId, title, initialMessages, activeRunId, models, defaultModel, isNew, startingTurn }: ChatViewProps) {
  const [model, setModel] = useState(() => (models.some((m) => m.id === defaultModel) ? defaultModel : models[0]!.id));
  const [connectionLost, setConnectionLost] = useState(false);
  const [transport] = useState(
    () => new ChatTransport({ chatId, isNew: Boolean(isNew), activeRunId, onConnectionChange: setConnectionLost }),
  );

  const { messages, setMessages, sendMessage, regenerate, stop, status, error, clearError, resumeStream } = useChat<Message>({
    id: chatId,
    messages: initialMessages,
    transport,
    resume: activeRunId !== null,
    experimental_throttle: 40,
    // A new or decided approval changes what the inbox counts.
    onData: (part) => {
      if (part.type === 'data-approval') {
        void mutate(PENDING_APPROVALS_KEY);
        refreshChatList(); // the sidebar says "waiting for approval", then "answering" again
      }
    },
    onFinish: ({ isAbort, isError }) => {
      // A turn that was interrupted may have shown a step twice (a crashed step runs again):
      // once it is over, show what the server stored.
      if (transport.takeReconnected() && !isAbort && !isError) {
        void loadStoredMessages(chatId).then((stored) => stored && setMessages(stored));
      }
    },
  });

  const starting = useStartingTurn(chatId, Boolean(startingTurn), {
    onRun: (runId) => {
      transport.follow(runId);
      void resumeStream();
    },
    onAnswered: setMessages,
  });
  const busy = status === 'submitted' || status === 'streaming' || starting;
  const last = messages.at(-1);
  const waitingOn =
    last?.role === 'assistant' ? [...approvalsByToolCall(last).values()].find((a) => a.status === 'pending') : undefined;
  const failedTurn = !busy && last?.role === 'assistant' && last.metadata?.status === 'failed';
  const problem = error ? describeChatError(error) : failedTurn ? (last.metadata?.error ?? 'The answer failed.') : null;
  const modelLabels = useMemo(() => new Map(models.map((m) => [m.id, m.label])), [models]);

  const send = (text: string) => void sendMessage({ text }, { body: { model } });
  const [stopping, setStopping] = useState(false);

  /** Stops the turn on the server (the run is cancelled), then shows the stored partial answer. */
  async function stopAnswer() {
    setStopping(true);
    try {
      const response = await fetch(`/api/chat/${chatId}/stop`, { method: 'POST' });
      await stop();
      transport.forgetRun();
      if (response.ok) {
        const { message } = (await response.json()) as { message: Message };
        setMessages((current) => {
          const at = current.findIndex((m) => m.id === message.id);
          if (at >= 0) return current.map((m, i) => (i === at ? message : m));
          return current.at(-1)?.role === 'assistant' ? [...current.slice(0, -1), message] : [...current, message];
        });
      }
    } finally {
      setStopping(false);
      refreshChatList();
    }
  }
  function retry() {
    clearError();
    void regenerate({ body: { model } });
  }

  return (
    <>
      <PageHeader>
        <h1 className="truncate text-sm font-medium">{title ?? firstMessageTitle(messages) ?? 'New chat'}</h1>
        <div className="ml-auto">
          <ModelPicker models={models} value={model} onChange={setModel} disabled={busy} />
        </div>
      </PageHeader>

      <StickToBottom className="relative min-h-0 flex-1 overflow-y-hidden" initial="instant" resize="smooth">
        <StickToBottom.Content className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          {messages.length === 0 ? (
            <EmptyState onPick={send} />
          ) : (
            <div role="log" aria-label="Conversation" aria-live="polite" className="flex flex-col gap-6">
              {messages.map((message, index) => (
                <ChatMessage
                  key={message.id}
                  message={message}
                  streaming={busy && index === messages.length - 1 && message.role === 'assistant'}
                  modelLabel={message.metadata?.model ? modelLabels.get(message.metadata.model) ?? message.metadata.model : undefined}
                  runId={message.role === 'user' ? (message.metadata?.runId ?? messages[index + 1]?.metadata?.runId) : undefined}
                />
              ))}
              {connectionLost && (
                <p className="text-sm text-muted-foreground" role="status">
                  Connection lost. Reconnecting…
                </p>
              )}
              {starting && (
                <p className="animate-pulse text-sm text-muted-foreground" role="status">
                  Starting the answer…
                </p>
              )}
              {status === 'submitted' && !connectionLost && (
                <p className="animate-pulse text-sm text-muted-foreground" role="status">
                  Thinking…
                </p>
              )}
            </div>
          )}
        </StickToBottom.Content>
        <ScrollToBottomButton />
      </StickToBottom>

      {problem && (
        <div className="mx-auto w-full max-w-3xl px-3 sm:px-4">
          <div
            role="alert"
            data-testid="error-banner"
            className="mb-2 flex items-center gap-2 rounded-lg border border-destructive/30 bg-destructive-muted px-3 py-2 text-sm text-destructive"
          >
            <AlertCircle className="size-4 shrink-0" aria-hidden />
            <span className="min-w-0 flex-1">{problem}</span>
            <button
              type="button"
              onClick={retry}
              className="flex shrink-0 items-center gap-1 rounded-md border border-destructive/30 px-2 py-1 text-xs font-medium hover:bg-background"
            >
              <RotateCcw className="size-3" aria-hidden />
              Retry
            </button>
          </div>
        </div>
      )}

      <Composer
        busy={busy || stopping}
        onStop={stopping ? undefined : stopAnswer}
        busyHint={waitingOn ? `Waiting for your decision above: ${waitingOn.summary}` : 'The agent is answering…'}
        onSend={send}
      />
    </>
  );
}

/**
 * A message whose answer had not started when the page loaded (its request died with a
 * server; the server starts it within seconds): wait for its run, then follow it, or show
 * the stored answer if it came first.
 */
function useStartingTurn(
  chatId: string,
  startingTurn: boolean,
  handlers: { onRun: (runId: string) => void; onAnswered: (messages: Message[]) => void },
) {
  const [starting, setStarting] = useState(startingTurn);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!starting) return;
    let cancelled = false;
    const poll = async () => {
      const response = await fetch(`/api/chats/${chatId}`).catch(() => null);
      if (cancelled || !response?.ok) return;
      const { chat, messages } = (await response.json()) as { chat: { activeRunId: string | null }; messages: Message[] };
      if (chat.activeRunId) {
        setStarting(false);
        latest.current.onRun(chat.activeRunId);
      } else if (messages.at(-1)?.role === 'assistant') {
        setStarting(false);
        latest.current.onAnswered(messages);
      }
    };
    const timer = setInterval(poll, 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [chatId, starting]);
  return starting;
}

async function loadStoredMessages(chatId: string): Promise<Message[] | null> {
  const response = await fetch(`/api/chats/${chatId}`);
  if (!response.ok) return null;
  return ((await response.json()) as { messages: Message[] }).messages;
}

function firstMessageTitle(messages: Message[]): string | undefined {
  const first = messages.find((m) => m.role === 'user');
  if (!first) return undefined;
  return titleFromMessage(first.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''));
}

function ScrollToBottomButton() {
  const { isAtBottom, scrollToBottom } = useStickToBottomContext();
  if (isAtBottom) return null;
  return (
    <button
      type="button"
      aria-label="Scroll to the newest message"
      onClick={() => scrollToBottom()}
      className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border bg-background p-2 shadow-md hover:bg-muted"
    >
      <ArrowDown className="size-4" />
    </button>
  );
}
