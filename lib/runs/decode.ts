import { hydrateData, observabilityRevivers } from 'workflow/observability';

/**
 * Turns a value from the workflow world's event log (step input and output, event data)
 * into plain data to show a person. The SDK's own hydration first; when it cannot read a
 * value (it rejects some payloads, e.g. a step output holding a Map), a tolerant reading of
 * the same devalue format, where unknown types show as `{ "<Type>": … }`.
 */
export function decodeForDisplay(value: unknown): unknown {
  if (value == null) return value;
  try {
    return hydrateData(value, observabilityRevivers);
  } catch {
    // fall through to the tolerant reader
  }
  if (value instanceof Uint8Array) {
    const text = new TextDecoder().decode(value);
    if (!text.startsWith('devl')) return `[${value.byteLength} bytes]`;
    try {
      return unflatten(JSON.parse(text.slice(4)) as unknown[]);
    } catch {
      return `[${value.byteLength} bytes]`;
    }
  }
  return Array.isArray(value) ? unflatten(value) : value;
}

const SPECIAL: Record<number, unknown> = { [-1]: undefined, [-2]: undefined, [-3]: Number.NaN, [-4]: Infinity, [-5]: -Infinity, [-6]: -0 };

/** devalue's flat form: a list of values, index 0 the root, numbers in containers refer to indexes. */
function unflatten(values: unknown[]): unknown {
  const seen = new Map<number, unknown>();
  const read = (index: number): unknown => {
    if (index < 0) return SPECIAL[index];
    if (seen.has(index)) return seen.get(index);
    const value = values[index];
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string') return readTyped(value[0], value.slice(1));
      const list: unknown[] = [];
      seen.set(index, list);
      for (const item of value) list.push(read(item as number));
      return list;
    }
    const object: Record<string, unknown> = {};
    seen.set(index, object);
    for (const [key, item] of Object.entries(value)) object[key] = read(item as number);
    return object;
  };
  const readTyped = (type: string, args: unknown[]): unknown => {
    switch (type) {
      case 'Date':
        return args[0];
      case 'BigInt':
        return `${args[0]}n`;
      case 'Map':
      case 'Set': {
        const items = args.length === 1 && Array.isArray(read(args[0] as number)) ? (read(args[0] as number) as unknown[]) : args.map((a) => read(a as number));
        return { [`<${type}>`]: items };
      }
      default:
        return { [`<${type}>`]: args.map((a) => (typeof a === 'number' ? read(a) : a)) };
    }
  };
  return read(0);
}
