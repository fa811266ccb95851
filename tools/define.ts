import type { z } from 'zod';

/** How much a tool can change: reads run freely, writes are idempotent, destructive ones ask first. */
export type ToolRisk = 'read' | 'write' | 'destructive';

/** What DurableAgent passes a tool's execute besides its input. */
export interface ToolCallOptions {
  toolCallId: string;
  /** The turn's context: `{ chatId, userId }` (see agents/chat-turn.ts). */
  experimental_context?: unknown;
}

export interface ToolDefinition<Input extends z.ZodType = z.ZodType, Output = unknown> {
  name: string;
  risk: ToolRisk;
  description: string;
  inputSchema: Input;
  execute: (input: z.infer<Input>, options: ToolCallOptions) => Promise<Output>;
}

/** What the model and the UI see when a tool fails: the reason, never a crashed turn. */
export interface ToolFailure {
  error: string;
}

export function isToolFailure(output: unknown): output is ToolFailure {
  return typeof output === 'object' && output !== null && typeof (output as ToolFailure).error === 'string';
}
