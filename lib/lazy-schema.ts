import type { z } from 'zod';

/**
 * A zod schema built on first use, usable wherever a Standard Schema is (`defineHook`).
 *
 * `workflow` 4.8 evaluates the whole workflow bundle again on every replay, so a schema
 * declared at the top of a module that workflow code imports is built again on every step of
 * every turn, even where the workflow never runs it (a hook's schema is checked by the caller
 * of `resume`; a tool's input by its step). Wrapped, the workflow pays for one closure.
 */
export interface LazySchema<Schema extends z.ZodType> {
  readonly schema: Schema;
  readonly '~standard': Schema['~standard'];
}

export function lazySchema<Schema extends z.ZodType>(build: () => Schema): LazySchema<Schema> {
  let built: Schema | undefined;
  const schema = () => (built ??= build());
  const standard = {
    version: 1,
    // Not 'zod': the AI SDK would take it for a zod schema and convert it wrongly. Give it `.schema`.
    vendor: 'zod (built on first use)',
    validate: (value: unknown) => schema()['~standard'].validate(value),
  };
  return {
    get schema() {
      return schema();
    },
    '~standard': standard as Schema['~standard'],
  };
}
