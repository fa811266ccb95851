'use client';

import { useState } from 'react';
import type { ChatMessage as Message } from '@/lib/chat/types';

/** How far a message has come: its text, and one for every other part (a tool call, a card). */
function progressOf(message: Message): number {
  return message.parts.reduce((total, part) => total + (part.type === 'text' || part.type === 'reasoning' ? part.text.length : 1), 0);
}

/**
 * The messages to show after a reload in the middle of an answer: the answer as the server had
 * it stays on screen until the resumed stream has caught up with it, instead of blanking to
 * "Thinking…" while the stream is read again from its start.
 */
export function useCaughtUp(messages: Message[], partial: Message | null): Message[] {
  const resumed = partial ? messages.find((message) => message.id === partial.id) : undefined;
  const caughtUp = !partial || (resumed !== undefined && progressOf(resumed) >= progressOf(partial));
  // Once caught up, for good: a later, shorter version (a stopped answer as stored) wins.
  const [done, setDone] = useState(caughtUp);
  if (caughtUp && !done) setDone(true);
  if (done || caughtUp || !partial) return messages;
  return [...messages.filter((message) => message.id !== partial.id), partial];
}
