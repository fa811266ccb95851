'use client';

import { isToolOrDynamicToolUIPart } from 'ai';
import { AlertTriangle, OctagonX } from 'lucide-react';
import Link from 'next/link';
import { memo, useRef, useState } from 'react';
import type { ApprovalView } from '@/db/queries/approvals';
import type { ChatMessage as Message } from '@/lib/chat/types';
import { AnswerMarkdown } from './answer-markdown';
import { EditMessageForm } from './edit-message';
import { AnswerSwitcher, CopyButton, EditButton, MessageActionBar, RegenerateButton } from './message-actions';
import { ToolCall } from './tool-call';

/** The newest state of each approval the answer asked for, by the tool call that asked. */
export function approvalsByToolCall(message: Message): Map<string, ApprovalView> {
  const approvals = new Map<string, ApprovalView>();
  for (const part of message.parts) {
    if (part.type === 'data-approval') approvals.set(part.data.toolCallId, part.data);
  }
  return approvals;
}

/** The approvals an answer still waits for, in the order of their tool calls (as their cards show). */
export function pendingApprovals(message: Message): ApprovalView[] {
  const approvals = approvalsByToolCall(message);
  return message.parts
    .filter(isToolOrDynamicToolUIPart)
    .map((part) => approvals.get(part.toolCallId))
    .filter((approval): approval is ApprovalView => approval?.status === 'pending');
}

/**
 * What a person may do with messages, for the chat (the run replay offers none). Stable
 * across renders, so a streaming answer does not redraw the whole conversation.
 */
export interface MessageActionHandlers {
  /** Edit a user message and send it again (the turns after it are replaced). */
  edit: (messageId: string, text: string) => void;
  /** Regenerate the chat's newest answer. */
  regenerate: (messageId: string) => void;
}

/** The answer as markdown: its text parts, in order (tool calls are not text). */
export function answerMarkdown(message: Message): string {
  return message.parts
    .flatMap((part) => (part.type === 'text' && part.text.trim() ? [part.text.trim()] : []))
    .join('\n\n');
}

/** One message: the user's words in a bubble, the agent's answer as markdown and tool calls. */
export const ChatMessage = memo(function ChatMessage({
  message,
  streaming,
  modelLabel,
  runId,
  actions,
  canAct = false,
  canRegenerate = false,
  earlierAnswers,
}: {
  message: Message;
  /** This is the answer being streamed right now. */
  streaming: boolean;
  modelLabel?: string;
  /** User message: the run it started, to link to. */
  runId?: string;
  /** The chat's message actions; absent in the run replay. */
  actions?: MessageActionHandlers;
  /** No turn runs: a message may be edited (and the newest answer regenerated). */
  canAct?: boolean;
  /** This is the chat's newest answer. */
  canRegenerate?: boolean;
  /** Answers to the same question a regeneration replaced, oldest first. */
  earlierAnswers?: Message[];
}) {
  if (message.role === 'user') return <UserMessage message={message} runId={runId} actions={actions} canEdit={canAct} />;
  return (
    <AssistantMessage
      message={message}
      streaming={streaming}
      modelLabel={modelLabel}
      actions={actions}
      canRegenerate={canAct && canRegenerate}
      earlierAnswers={earlierAnswers}
    />
  );
});

function UserMessage({ message, runId, actions, canEdit }: { message: Message; runId?: string; actions?: MessageActionHandlers; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
  if (editing && actions && canEdit) {
    return (
      <div className="flex flex-col items-end" data-role="user" data-editing>
        <EditMessageForm
          text={text}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => editButton.current?.focus());
          }}
          onSave={(edited) => {
            setEditing(false);
            actions.edit(message.id, edited);
          }}
        />
      </div>
    );
  }
  return (
    <div className="group flex flex-col items-end gap-1" data-role="user">
      <div className="max-w-[85%] rounded-2xl rounded-br-md bg-muted px-4 py-2 whitespace-pre-wrap" data-testid="user-text">
        {text}
      </div>
      <div className="flex items-center gap-2">
        {actions && canEdit && (
          <MessageActionBar align="end">
            <EditButton ref={editButton} onEdit={() => setEditing(true)} />
          </MessageActionBar>
        )}
        {runId && (
          <Link
            href={`/runs/${runId}`}
            className="text-xs text-muted-foreground hover:text-foreground hover:underline"
          >
            View run
          </Link>
        )}
      </div>
    </div>
  );
}

function AssistantMessage({
  message: current,
  streaming,
  modelLabel,
  actions,
  canRegenerate,
  earlierAnswers = [],
}: {
  message: Message;
  streaming: boolean;
  modelLabel?: string;
  actions?: MessageActionHandlers;
  canRegenerate: boolean;
  earlierAnswers?: Message[];
}) {
  const count = earlierAnswers.length + 1;
  // Which answer is shown: the newest unless the person looks back. A new one shows itself.
  const [picked, setPicked] = useState<{ index: number; count: number } | null>(null);
  const shownIndex = picked && picked.count === count ? picked.index : count - 1;
  const earlier = shownIndex < count - 1;
  const message = earlier ? earlierAnswers[shownIndex]! : current;
  const showingStream = streaming && !earlier;

  const status = message.metadata?.status;
  const interrupted = !showingStream && (status === 'failed' || status === 'cancelled');
  const lastTextIndex = message.parts.findLastIndex((p) => p.type === 'text');
  const approvals = approvalsByToolCall(message);
  const markdown = answerMarkdown(message);
  return (
    <div
      className="group"
      data-role="assistant"
      data-status={streaming ? 'streaming' : (current.metadata?.status ?? 'completed')}
      data-showing={earlier ? 'earlier' : 'current'}
    >
      <div className="min-w-0" data-testid="answer-body">
        {message.parts.map((part, index) => {
          if (part.type === 'text') {
            return (
              <AnswerMarkdown key={index} text={part.text} animating={showingStream && index === lastTextIndex} />
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
      {status === 'cancelled' && !showingStream && (
        <p className="mt-2 flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="stopped-note">
          <OctagonX className="size-4 shrink-0" aria-hidden />
          Stopped before it finished.
        </p>
      )}
      {status === 'failed' && !showingStream && (
        <p className="mt-2 flex items-start gap-1.5 text-sm text-destructive">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>This answer failed{message.metadata?.error ? `: ${message.metadata.error}` : '.'}</span>
        </p>
      )}
      {earlier && (
        <p className="mt-2 text-xs text-muted-foreground" data-testid="earlier-answer-note">
          An earlier answer, replaced by a regeneration.{' '}
          {message.metadata?.runId && (
            <Link href={`/runs/${message.metadata.runId}`} className="underline underline-offset-2 hover:text-foreground">
              View its run
            </Link>
          )}
        </p>
      )}
      {modelLabel && !streaming && !earlier && (
        <p className="mt-1 text-xs text-muted-foreground">Answered by {modelLabel}</p>
      )}
      {actions && (count > 1 || !streaming) && (
        <div className="mt-1 flex items-center gap-1">
          {count > 1 && <AnswerSwitcher shown={shownIndex} count={count} onShow={(index) => setPicked({ index, count })} />}
          {!showingStream && (
            <MessageActionBar>
              {markdown && <CopyButton text={markdown} label="Copy answer" />}
              {canRegenerate && !earlier && <RegenerateButton onRegenerate={() => actions.regenerate(current.id)} />}
            </MessageActionBar>
          )}
        </div>
      )}
    </div>
  );
}
