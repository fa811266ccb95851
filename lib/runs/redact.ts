const SECRET_KEY = /(secret|token|password|passwd|api[-_]?key|authorization|cookie|session|credential|private[-_]?key)/i;
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S+|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)/;
const MAX_STRING = 4000;
const MAX_ITEMS = 200;

export const REDACTED = '[redacted]';

/**
 * Prepares data from the event log for display: secrets (keys, tokens, cookies, by name or
 * by shape) are replaced by "[redacted]", and very long strings and lists are cut.
 */
export function redactForDisplay(value: unknown, depth = 0): unknown {
  if (depth > 40) return '[too deep]';
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length - MAX_STRING} more characters)` : value;
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((item) => redactForDisplay(item, depth + 1));
    return value.length > MAX_ITEMS ? [...shown, `… ${value.length - MAX_ITEMS} more items`] : shown;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        SECRET_KEY.test(key) && typeof item === 'string' ? REDACTED : redactForDisplay(item, depth + 1),
      ]),
    );
  }
  return value;
}
