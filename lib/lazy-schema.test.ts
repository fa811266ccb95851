import { defineHook } from 'workflow';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

describe('lazySchema', () => {
  it('builds the schema on first use, once, and never when only carried', () => {
    let builds = 0;
    const carried = lazySchema(() => {
      builds++;
      return z.object({ approvalId: z.uuid() });
    });
    defineHook({ schema: carried });
    expect(builds).toBe(0);
    expect(carried.schema.parse({ approvalId: '0f8fad5b-d9cb-469f-a165-70867728950e' })).toEqual({ approvalId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    carried['~standard'].validate({ approvalId: 'nope' });
    expect(builds).toBe(1);
  });

  it('validates as a Standard Schema exactly as the schema does', async () => {
    const schema = lazySchema(() => z.object({ note: z.string().trim().min(1) }));
    expect(await schema['~standard'].validate({ note: '  hi  ' })).toEqual({ value: { note: 'hi' } });
    const refused = await schema['~standard'].validate({ note: '   ' });
    expect(refused.issues?.[0]).toMatchObject({ path: ['note'] });
  });
});
