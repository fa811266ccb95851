const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "15m", "30s", "500ms", "2d" or plain milliseconds, as milliseconds. */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match) throw new Error(`Not a duration: "${value}" (use e.g. 30s, 15m, 24h)`);
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? 'ms').toLowerCase()]!);
}

/** How long a person has to decide on an approval: APPROVAL_TIMEOUT, default 24 hours. */
export function approvalTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  return parseDuration(env.APPROVAL_TIMEOUT?.trim() || '24h');
}
