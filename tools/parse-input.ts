import { FatalError } from 'workflow';
import type { z } from 'zod';
import type { LazySchema } from '@/lib/lazy-schema';

/**
 * Checks a tool's input inside its step. A model that sends a wrong input gets the reason back
 * as the tool's error (and can try again); retrying the step would not change the input.
 */
export function parseToolInput<Input extends z.ZodType>(toolName: string, inputSchema: LazySchema<Input>, input: unknown): z.output<Input> {
  const parsed = inputSchema.schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  throw new FatalError(`Invalid input for ${toolName}: ${problems.join('; ')}.`);
}
