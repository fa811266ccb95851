'use client';

import { getToolOrDynamicToolName, type DynamicToolUIPart, type ToolUIPart } from 'ai';
import { CheckCircle2, ChevronRight, Loader2, Wrench, XCircle } from 'lucide-react';
import { toolLabel } from '@/lib/chat/tool-labels';
import { isToolFailure } from '@/tools/define';

type ToolState = 'running' | 'done' | 'error';

function toolCallState(part: ToolUIPart | DynamicToolUIPart): { state: ToolState; error?: string } {
  if (part.state === 'output-error') return { state: 'error', error: part.errorText };
  if (part.state === 'output-available') {
    return isToolFailure(part.output) ? { state: 'error', error: part.output.error } : { state: 'done' };
  }
  return { state: 'running' };
}

const STATE_LABEL: Record<ToolState, string> = { running: 'Running', done: 'Done', error: 'Failed' };

/** One tool call: its name, its input, whether it is running, done or failed, and its output on demand. */
export function ToolCall({ part, interrupted }: { part: ToolUIPart | DynamicToolUIPart; interrupted?: boolean }) {
  const name = getToolOrDynamicToolName(part);
  const { state, error } = toolCallState(part);
  const shown: ToolState | 'interrupted' = state === 'running' && interrupted ? 'interrupted' : state;
  const hasOutput = part.state === 'output-available' && !isToolFailure(part.output);

  return (
    <div
      className="my-2 rounded-lg border bg-muted/40 text-sm"
      data-testid="tool-call"
      data-tool={name}
      data-state={shown}
    >
      <div className="flex items-center gap-2 px-3 py-2">
        <Wrench className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="font-medium">{toolLabel(name)}</span>
        <code className="truncate text-xs text-muted-foreground">{formatInput(part.input)}</code>
        <span className="ml-auto flex shrink-0 items-center gap-1 text-xs" role="status">
          {shown === 'running' && <Loader2 className="size-3.5 animate-spin text-accent" aria-hidden />}
          {shown === 'done' && <CheckCircle2 className="size-3.5 text-success" aria-hidden />}
          {shown === 'error' && <XCircle className="size-3.5 text-destructive" aria-hidden />}
          <span className={shown === 'error' ? 'text-destructive' : 'text-muted-foreground'}>
            {shown === 'interrupted' ? 'Interrupted' : STATE_LABEL[shown]}
          </span>
        </span>
      </div>
      {error && <p className="border-t px-3 py-2 text-destructive">{error}</p>}
      {hasOutput && (
        <details className="group border-t">
          <summary className="flex cursor-pointer list-none items-center gap-1 px-3 py-1.5 text-xs text-muted-foreground select-none hover:text-foreground">
            <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
            Output
          </summary>
          <pre className="max-h-80 overflow-auto px-3 pb-3 font-mono text-xs leading-relaxed">
            {JSON.stringify(part.output, null, 2)}
          </pre>
        </details>
      )}
    </div>
  );
}

function formatInput(input: unknown): string {
  if (input === undefined) return '';
  if (input && typeof input === 'object') {
    return Object.entries(input as Record<string, unknown>)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join(', ');
  }
  return JSON.stringify(input);
}
