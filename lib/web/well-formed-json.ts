/** A NUL, or a UTF-16 surrogate without its other half. */
const ILL_FORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (value or key) in parsed JSON that Postgres cannot store as
 * text or jsonb (a NUL) or that is not valid Unicode (a lone surrogate), or null when there is
 * none. Walks with its own stack: a body of 256 KB can nest deeper than the call stack.
 */
export function findIllFormedString(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (ILL_FORMED.test(current)) return path || '(body)';
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: join(path, String(index)) }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (ILL_FORMED.test(key)) return join(path, '(a key)');
        stack.push({ value: item, path: join(path, key) });
      }
    }
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
