'use client';

import { isToolOrDynamicToolUIPart } from 'ai';
import { AlertTriangle, OctagonX } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import type { ApprovalView } from '@/db/queries/approvals';
import type { ChatMessage as Message } from '@/lib/chat/types';
import { AnswerMarkdown } from './answer-markdown';
import { ToolCall } from './tool-call';

/** The newest state of each approval the answer asked for, by the tool call that asked. */
export function approvalsByToolCall(message: Message): Map<string, ApprovalView> {
  const approvals = new Map<string, ApprovalView>();
  for (const part of message.parts) {
    if (part.type === 'data-approval') approvals.set(part.data.toolCallId, part.data);
  }
  return approvals;
}

/** One message: the user's words in a bubble, the agent's answer as markdown and tool calls. */
export const ChatMessage = memo(function ChatMessage({
  message,
  streaming,
  modelLabel,
  runId,
}: {
  message: Message;
  /** This is the answer being streamed right now. */
  streaming: boolean;
  modelLabel?: string;
  /** User message: the run it started, to link to. */
  runId?: string;
}) {
  if (message.role === 'user') {
    const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    return (
      <div className="group flex flex-col items-end gap-1" data-role="user">
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-muted px-4 py-2 whitespace-pre-wrap" data-testid="user-text">
          {text}
        </div>
        {runId && (
          <Link
            href={`/runs/${runId}`}
            className="text-xs text-muted-foreground opacity-70 group-hover:opacity-100 hover:text-foreground hover:underline"
          >
            View run
          </Link>
        )}
      </div>
    );
  }

  const status = message.metadata?.status;
  const interrupted = !streaming && (status === 'failed' || status === 'cancelled');
  const lastTextIndex = message.parts.findLastIndex((p) => p.type === 'text');
  const approvals = approvalsByToolCall(message);
  return (
    <div className="group" data-role="assistant" data-status={streaming ? 'streaming' : (status ?? 'completed')}>
      <div className="min-w-0">
        {message.parts.map((part, index) => {
          if (part.type === 'text') {
            return (
              <AnswerMarkdown key={index} text={part.text} animating={streaming && index === lastTextIndex} />
            );
          }
          if (isToolOrDynamicToolUIPart(part)) {
            return (
              <ToolCall key={part.toolCallId} part={part} approval={approvals.get(part.toolCallId)} interrupted={interrupted} />
            );
          }
          return null;
        })}
      </div>
      {status === 'cancelled' && !streaming && (
        <p className="mt-2 flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="stopped-note">
          <OctagonX className="size-4 shrink-0" aria-hidden />
          Stopped before it finished.
        </p>
      )}
      {status === 'failed' && !streaming && (
        <p className="mt-2 flex items-start gap-1.5 text-sm text-destructive">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>This answer failed{message.metadata?.error ? `: ${message.metadata.error}` : '.'}</span>
        </p>
      )}
      {modelLabel && !streaming && (
        <p className="mt-1 text-xs text-muted-foreground opacity-70 group-hover:opacity-100">Answered by {modelLabel}</p>
      )}
    </div>
  );
});
