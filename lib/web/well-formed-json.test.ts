import { describe, expect, it } from 'vitest';
import { findIllFormedString } from './well-formed-json';

describe('findIllFormedString', () => {
  it('finds a NUL or a lone surrogate anywhere, keys included', () => {
    expect(findIllFormedString(JSON.parse('{"message":{"parts":[{"type":"text","text":"a\\u0000b"}]}}'))).toBe('message.parts.0.text');
    expect(findIllFormedString(JSON.parse('{"a":"\\ud800"}'))).toBe('a');
    expect(findIllFormedString(JSON.parse('{"a":"x\\udc00"}'))).toBe('a');
    expect(findIllFormedString(JSON.parse('{"a\\u0000":1}'))).toBe('(a key)');
    expect(findIllFormedString('\u0000')).toBe('(body)');
  });

  it('passes well-formed text, emoji (surrogate pairs) included', () => {
    expect(findIllFormedString({ text: 'Where is order 1007? 📦 \ud83d\ude00', n: 1, none: null, list: [true, 'ok'] })).toBeNull();
  });

  it('walks nesting deeper than the call stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(findIllFormedString(deep)).toMatch(/^0(\.0)+$/);
  });
});
