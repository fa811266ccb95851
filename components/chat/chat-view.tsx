'use client';

import { useChat } from '@ai-sdk/react';
import { AlertCircle, ArrowDown, RotateCcw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { StickToBottom, useStickToBottomContext } from 'use-stick-to-bottom';
import type { ModelOption } from '@/agents/models/registry';
import { listOf } from '@/lib/format';
import { titleFromMessage } from '@/lib/chat/title';
import type { ChatSnapshot, ChatMessage as Message, QueuedMessageView } from '@/lib/chat/types';
import { PageHeader } from '@/components/app-shell';
import { refreshApprovals, refreshApprovalsNow } from '@/components/approvals/approvals-api';
import { refreshChatList, refreshChatListSoon } from '@/components/sidebar/chats-api';
import { describeChatError, isChatBusy } from './chat-errors';
import { Composer, ComposerFocus, type ComposerHandle } from './composer';
import { EmptyState } from './empty-state';
import { ChatMessage, pendingApprovals } from './message';
import { ModelPicker } from './model-picker';
import { cancelQueuedMessage, queueMessage } from './queue-api';
import { QueuedMessages } from './queued-messages';
import { StartAtNewest } from './start-at-newest';
import { ChatTransport } from './transport';
import { useCaughtUp } from './use-caught-up';
import { useChatSync } from './use-chat-sync';
import { earlierAnswersOf, useMessageActions } from './use-message-actions';

export interface ChatViewProps {
  chatId: string;
  title?: string;
  initialMessages: Message[];
  /** Earlier answers a regeneration replaced, by the user message they answered. */
  initialReplacedAnswers?: Record<string, Message[]>;
  /** Messages waiting for the running turn to end. */
  initialQueued?: QueuedMessageView[];
  /** The turn still running when the page was rendered; the view reconnects to it. */
  activeRunId: string | null;
  /** The running turn's answer as far as the server had it when the page was rendered. */
  initialPartial?: Message | null;
  models: ModelOption[];
  defaultModel: string;
  /** The chat does not exist yet: its first message creates it. */
  isNew?: boolean;
  /** The newest message is stored and its answer is being started (its run does not exist yet). */
  startingTurn?: boolean;
  /** The page's Content-Security-Policy nonce, for the script that opens it at the newest message. */
  nonce?: string;
}

export function ChatView({
  chatId,
  title,
  initialMessages,
  initialReplacedAnswers,
  initialQueued = [],
  activeRunId,
  initialPartial,
  models,
  defaultModel,
  isNew,
  startingTurn,
  nonce,
}: ChatViewProps) {
  const router = useRouter();
  const [model, setModel] = useState(() => (models.some((m) => m.id === defaultModel) ? defaultModel : models[0]!.id));
  const [connectionLost, setConnectionLost] = useState(false);
  const [starting, setStarting] = useState(Boolean(startingTurn));
  const [queued, setQueued] = useState(initialQueued);
  const [queueNotice, setQueueNotice] = useState<string | null>(null);
  /** A regeneration or an edit this tab asked for, until its turn ends (see useMessageActions). */
  const pendingAction = useRef(false);
  const composer = useRef<ComposerHandle>(null);
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
        refreshApprovals();
        refreshChatListSoon(); // the sidebar says "waiting for approval", then "answering" again
      }
    },
    onFinish: ({ isAbort, isError }) => {
      setReconnecting(false);
      if (!isError) pendingAction.current = false; // a refused action is handled in useMessageActions
      // A turn that was interrupted may have shown a step twice (a crashed step runs again):
      // once it is over, show what the server stored.
      if (transport.takeReconnected() && !isAbort && !isError) {
        void loadStoredMessages(chatId).then((stored) => stored && setMessages(stored));
      }
      // The next queued message is this chat's next turn now: show it at once.
      syncNow();
    },
  });

  const shownMessages = useCaughtUp(messages, initialPartial ?? null);
  // A turn running when the page was rendered is shown answering from the first paint, not
  // idle (with Edit and Regenerate) until the browser has reconnected: the page must not
  // change its layout under a click while it hydrates.
  const [reconnecting, setReconnecting] = useState(activeRunId !== null);
  if (reconnecting && status !== 'ready') setReconnecting(false);
  const streaming = status === 'submitted' || status === 'streaming' || reconnecting;
  const busy = streaming || starting;
  const current = useRef({ streaming, error, messages });
  useEffect(() => {
    current.current = { streaming, error, messages };
  });

  /** What the server says the chat is now, applied when this tab is not in the middle of a turn. */
  function applySnapshot(snapshot: ChatSnapshot) {
    setQueued(snapshot.queued);
    const now = current.current;
    // The turn this tab follows owns the view; a failed send keeps its message for Retry.
    if (now.streaming || now.error) return;
    syncReplacedAnswers(snapshot.replacedAnswers);
    const running = snapshot.chat.activeRunId;
    if (running && running !== transport.runId && !transport.endedRuns.has(running)) {
      // A turn started elsewhere (another tab, a queued message): show its message, follow its answer.
      setStarting(false);
      setMessages(snapshot.messages);
      transport.follow(running);
      void resumeStream();
      return;
    }
    setStarting(snapshot.chat.starting);
    if (!sameMessages(snapshot.messages, now.messages)) setMessages(snapshot.messages);
  }

  const { handlers: messageActions, replacedAnswers, syncReplacedAnswers } = useMessageActions({
    chatId,
    chat: { setMessages, sendMessage, regenerate, error, clearError },
    messages: () => current.current.messages,
    model,
    pendingRef: pendingAction,
    initialReplacedAnswers,
    focusComposer: () => composer.current?.focus(),
    onRefused: (refusal) => {
      setQueueNotice(refusal);
      syncNow();
    },
  });

  const { syncNow } = useChatSync(chatId, {
    enabled: !isNew || messages.length > 0,
    stored: !isNew,
    expecting: starting || (queued.length > 0 && !streaming),
    onSnapshot: applySnapshot,
    // Deleted in another tab: the page says so, with the way back.
    onGone: () => router.refresh(),
  });

  const last = messages.at(-1);
  const waitingOn = last?.role === 'assistant' ? pendingApprovals(last) : [];
  const failedTurn = !busy && last?.role === 'assistant' && last.metadata?.status === 'failed';
  const problem = error ? describeChatError(error) : failedTurn ? (last.metadata?.error ?? 'The answer failed.') : null;
  const modelLabels = useMemo(() => new Map(models.map((m) => [m.id, m.label])), [models]);

  async function queue(text: string) {
    setQueueNotice(null);
    const result = await queueMessage(chatId, text, model);
    if (result.ok) setQueued((list) => (list.some((m) => m.id === result.queued.id) ? list : [...list, result.queued]));
    else setQueueNotice(result.message);
    syncNow(); // the turn may have ended meanwhile, and the message started at once
  }

  async function cancelQueued(messageId: string) {
    setQueueNotice(null);
    const result = await cancelQueuedMessage(chatId, messageId);
    if (result.ok) setQueued((list) => list.filter((m) => m.id !== messageId));
    else setQueueNotice(result.message ?? null);
    syncNow();
    composer.current?.focus();
  }

  /** While a turn runs (or waits for a decision) a message waits its turn instead of being refused. */
  function send(text: string) {
    pendingAction.current = false;
    if (busy) void queue(text);
    else void sendMessage({ text }, { body: { model } });
  }

  // This tab did not know the chat was answering (another tab, another device started a turn):
  // the message joins the queue, and the running turn is shown.
  useEffect(() => {
    if (!error || !isChatBusy(error) || pendingAction.current) return;
    const refused = current.current.messages.at(-1);
    clearError();
    if (refused?.role === 'user') {
      setMessages((list) => list.filter((m) => m.id !== refused.id));
      void queue(refused.parts.map((part) => (part.type === 'text' ? part.text : '')).join(''));
    } else {
      syncNow();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new error is news
  }, [error]);

  const [stopping, setStopping] = useState(false);

  /** Stops the turn on the server (the run is cancelled), then shows the stored partial answer. */
  async function stopAnswer() {
    setStopping(true);
    try {
      const stopping = fetch(`/api/chat/${chatId}/stop`, { method: 'POST' });
      // The answer stops on screen at once; what the server stored replaces it when it replies.
      await stop();
      transport.forgetRun();
      setMessages((current) => {
        const last = current.at(-1);
        if (last?.role !== 'assistant') return current;
        return [...current.slice(0, -1), { ...last, metadata: { ...last.metadata, status: 'cancelled' } }];
      });
      const response = await stopping;
      if (response.ok) {
        refreshApprovalsNow(); // what the turn waited for is cancelled now: nothing to wait for
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
      syncNow(); // a queued message starts now
      composer.current?.focus();
    }
  }
  function retry() {
    pendingAction.current = false;
    clearError();
    void regenerate({ body: { model } });
  }

  return (
    <ComposerFocus.Provider value={() => composer.current?.focus()}>
      <PageHeader>
        <h1 className="truncate text-sm font-medium">{title ?? firstMessageTitle(messages) ?? 'New chat'}</h1>
        <div className="ml-auto">
          <ModelPicker models={models} value={model} onChange={setModel} />
        </div>
      </PageHeader>

      <StickToBottom className="relative min-h-0 flex-1 overflow-y-hidden" initial="instant" resize="smooth">
        {/* Scrollable before hydration too (the scroller sets overflow only once it runs). */}
        <StickToBottom.Content scrollClassName="overflow-y-auto" className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          {shownMessages.length === 0 ? (
            <EmptyState onPick={send} />
          ) : (
            <div role="log" aria-label="Conversation" aria-live="polite" className="flex flex-col gap-6">
              {shownMessages.map((message, index) => (
                <ChatMessage
                  key={message.id}
                  message={message}
                  streaming={busy && index === shownMessages.length - 1 && message.role === 'assistant'}
                  modelLabel={message.metadata?.model ? modelLabels.get(message.metadata.model) ?? message.metadata.model : undefined}
                  runId={message.role === 'user' ? (message.metadata?.runId ?? shownMessages[index + 1]?.metadata?.runId) : undefined}
                  actions={messageActions}
                  canAct={!busy && !stopping}
                  canRegenerate={index === shownMessages.length - 1}
                  earlierAnswers={message.role === 'assistant' ? earlierAnswersOf(shownMessages, index, replacedAnswers) : undefined}
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
              {status === 'submitted' && !connectionLost && shownMessages.at(-1)?.role !== 'assistant' && (
                <p className="animate-pulse text-sm text-muted-foreground" role="status">
                  Thinking…
                </p>
              )}
            </div>
          )}
        </StickToBottom.Content>
        <ScrollToBottomButton />
      </StickToBottom>
      {initialMessages.length > 0 && <StartAtNewest nonce={nonce} />}

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

      <QueuedMessages queued={queued} onCancel={(id) => void cancelQueued(id)} />
      {queueNotice && (
        <p role="alert" className="mx-auto mb-1 w-full max-w-3xl px-4 text-xs text-destructive sm:px-5">
          {queueNotice}
        </p>
      )}

      <Composer
        ref={composer}
        busy={busy || stopping}
        onStop={stopping ? undefined : stopAnswer}
        busyHint={
          waitingOn.length === 1
            ? `Waiting for a decision above: ${waitingOn[0]!.summary}. What you send now waits its turn.`
            : waitingOn.length > 1
              ? `Waiting for ${waitingOn.length} decisions above: ${listOf(waitingOn.map((a) => a.summary))}. What you send now waits its turn.`
            : 'The agent is answering. What you send now waits its turn; Esc stops the answer.'
        }
        onSend={send}
      />
    </ComposerFocus.Provider>
  );
}

/** Same messages, in the same order (their ids): nothing to redraw. */
function sameMessages(a: Message[], b: Message[]): boolean {
  return a.length === b.length && a.every((message, i) => message.id === b[i]!.id);
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
