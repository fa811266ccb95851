'use client';

import type { UseChatHelpers } from '@ai-sdk/react';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ChatSnapshot, ChatMessage as Message } from '@/lib/chat/types';
import { describeChatError } from './chat-errors';
import type { MessageActionHandlers } from './message';

type Chat = Pick<UseChatHelpers<Message>, 'setMessages' | 'sendMessage' | 'regenerate' | 'error' | 'clearError'>;

const NO_REPLACED_ANSWERS: Record<string, Message[]> = {};

/**
 * Regenerate and edit-and-resend for the chat view, and the earlier answers regenerations
 * replaced. `pendingRef` is true from an action until its turn ends, so a refusal (409: another tab
 * is answering, the answer is no longer the newest) is shown as such, never queued as a message.
 */
export function useMessageActions(options: {
  chatId: string;
  chat: Chat;
  /** The messages on screen now (read when an action starts). */
  messages: () => Message[];
  model: string;
  pendingRef: RefObject<boolean>;
  initialReplacedAnswers?: Record<string, Message[]>;
  focusComposer: () => void;
  onRefused: (message: string) => void;
}) {
  const { chat, pendingRef } = options;
  const [replacedAnswers, setReplacedAnswers] = useState(options.initialReplacedAnswers ?? NO_REPLACED_ANSWERS);

  /** A new run answers the same message; the old answer stays one click away. */
  function regenerateAnswer(answerId: string) {
    const list = options.messages();
    const at = list.findIndex((m) => m.id === answerId);
    const question = list.slice(0, at).findLast((m) => m.role === 'user');
    if (at < 0 || !question) return;
    setReplacedAnswers((all) => ({ ...all, [question.id]: [...(all[question.id] ?? []), list[at]!] }));
    pendingRef.current = true;
    void chat.regenerate({ messageId: answerId, body: { model: options.model, regenerate: { messageId: answerId } } });
    options.focusComposer(); // the button goes while the new answer streams
  }

  /** The edited text is sent in place of the message edited: the conversation from there is replaced. */
  function editAndResend(messageId: string, text: string) {
    const list = options.messages();
    const at = list.findIndex((m) => m.id === messageId);
    if (at < 0) return;
    chat.setMessages(list.slice(0, at));
    pendingRef.current = true;
    void chat.sendMessage({ text }, { body: { model: options.model, edit: { messageId } } });
    options.focusComposer(); // the edited message's box is gone
  }

  // Stable for the memoized messages; each call reads the view's current state.
  const latest = useRef({ regenerateAnswer, editAndResend });
  useEffect(() => {
    latest.current = { regenerateAnswer, editAndResend };
  });
  const handlers = useMemo<MessageActionHandlers>(
    () => ({
      regenerate: (id) => latest.current.regenerateAnswer(id),
      edit: (id, text) => latest.current.editAndResend(id, text),
    }),
    [],
  );

  // Refused: nothing changed on the server, so show what it has, and say why.
  const { error } = chat;
  useEffect(() => {
    if (!error || !pendingRef.current) return;
    const refusal = describeChatError(error);
    void fetch(`/api/chats/${options.chatId}`, { cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok) return;
        const snapshot = (await response.json()) as ChatSnapshot;
        chat.clearError();
        chat.setMessages(snapshot.messages);
        setReplacedAnswers(snapshot.replacedAnswers);
        options.onRefused(refusal);
      })
      .catch(() => {}) // offline: the error banner stays, with Retry
      .finally(() => {
        pendingRef.current = false;
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new error is news
  }, [error]);

  /** What the server says (a snapshot): another tab's regeneration shows here too. */
  function syncReplacedAnswers(next: Record<string, Message[]>) {
    setReplacedAnswers((known) => (sameReplacedAnswers(known, next) ? known : next));
  }

  return { handlers, replacedAnswers, syncReplacedAnswers };
}

/** The answers a regeneration replaced for the question the answer at `index` answers. */
export function earlierAnswersOf(messages: Message[], index: number, replaced: Record<string, Message[]>): Message[] | undefined {
  const question = messages[index - 1];
  return question?.role === 'user' && messages[index]?.role === 'assistant' ? replaced[question.id] : undefined;
}

function sameReplacedAnswers(a: Record<string, Message[]>, b: Record<string, Message[]>): boolean {
  const keys = Object.keys(b);
  const same = (x: Message[], y: Message[]) => x.length === y.length && x.every((m, i) => m.id === y[i]!.id);
  return keys.length === Object.keys(a).length && keys.every((key) => same(a[key] ?? [], b[key]!));
}
