import { describe, expect, it } from 'vitest';
import { REDACTED, redactForDisplay } from './redact';

describe('redactForDisplay', () => {
  it('hides secrets by key and by shape, anywhere in the data', () => {
    const data = {
      apiKey: 'abc',
      headers: { Authorization: 'Bearer xyz', cookie: 'session=eyJhbGciOi', accept: 'text/plain' },
      nested: [{ token: 'approval:wrun_1:call_1', note: 'sk-1234567890abcdef' }],
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
      prompt: 'Where is order 1007?',
    };
    expect(redactForDisplay(data)).toEqual({
      apiKey: REDACTED,
      headers: { Authorization: REDACTED, cookie: REDACTED, accept: 'text/plain' },
      nested: [{ token: REDACTED, note: REDACTED }],
      jwt: REDACTED,
      prompt: 'Where is order 1007?',
    });
  });

  it('keeps token counts and other numbers named like secrets', () => {
    expect(redactForDisplay({ usage: { inputTokens: { total: 5 } }, outputTokens: 7 })).toEqual({
      usage: { inputTokens: { total: 5 } },
      outputTokens: 7,
    });
  });

  it('cuts very long strings and lists', () => {
    const out = redactForDisplay({ text: 'x'.repeat(5000), list: Array.from({ length: 250 }, (_, i) => i) }) as {
      text: string;
      list: unknown[];
    };
    expect(out.text).toMatch(/… \(1000 more characters\)$/);
    expect(out.list).toHaveLength(201);
    expect(out.list.at(-1)).toBe('… 50 more items');
  });
});
