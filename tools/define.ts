import type { z } from 'zod';
import type { LazySchema } from '@/lib/lazy-schema';

/** How much a tool can change: reads run freely, writes are idempotent, destructive ones ask first. */
export type ToolRisk = 'read' | 'write' | 'destructive';

/** What DurableAgent passes a tool's execute besides its input. */
export interface ToolCallOptions {
  toolCallId: string;
  /** The turn's context: `{ chatId, userId }` (see agents/chat-turn.ts). */
  experimental_context?: unknown;
}

/**
 * A tool as the agent gets it. The model is given the input schema as JSON Schema
 * (`input-json-schemas.ts`, generated from `inputSchema`); the input arrives unchecked and
 * the tool's first step checks it (`parse-input.ts`), so zod never runs in workflow context.
 * This module is also read by the browser (`isToolFailure`): types and plain code only.
 */
export interface ToolDefinition<Input extends z.ZodType = z.ZodType, Output = unknown> {
  name: string;
  risk: ToolRisk;
  description: string;
  inputSchema: LazySchema<Input>;
  execute: (input: unknown, options: ToolCallOptions) => Promise<Output>;
}

/** What the model and the UI see when a tool fails: the reason, never a crashed turn. */
export interface ToolFailure {
  error: string;
}

export function isToolFailure(output: unknown): output is ToolFailure {
  return typeof output === 'object' && output !== null && typeof (output as ToolFailure).error === 'string';
}
