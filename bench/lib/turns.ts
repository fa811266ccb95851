import { randomUUID } from 'node:crypto';

export interface TurnTiming {
  ok: boolean;
  error?: string;
  /** ms from the POST to the first byte, the first text, and the `finish` chunk. */
  firstByte: number;
  firstText: number;
  total: number;
  chunks: number;
  runId: string | null;
  chatId: string;
}

/** Continues as a guest, the way the sign-in page's button does; returns the session cookie. */
export async function guestCookie(baseUrl: string): Promise<string> {
  return sessionCookie(
    await fetch(`${baseUrl}/api/auth/sign-in/anonymous`, { method: 'POST', headers: { origin: baseUrl, 'content-type': 'application/json' }, body: '{}' }),
  );
}

/** Signs in with email and password; returns the session cookie. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  return sessionCookie(
    await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The session token cookie only (its cached copy would go stale when a role changes). */
function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token='));
  if (!cookie) throw new Error(`no session cookie (HTTP ${response.status})`);
  return cookie.split(';')[0]!;
}

/** Sends one message the way the browser does and reads the answer's stream to its end. */
export async function timeTurn(
  baseUrl: string,
  cookie: string,
  options: { path?: string; text?: string; chatId?: string } = {},
): Promise<TurnTiming> {
  const chatId = options.chatId ?? randomUUID();
  const started = performance.now();
  const timing: TurnTiming = { ok: false, firstByte: 0, firstText: 0, total: 0, chunks: 0, runId: null, chatId };
  try {
    const response = await fetch(`${baseUrl}${options.path ?? '/api/chat'}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: chatId,
        message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text: options.text ?? 'Where is order 1007?' }] },
      }),
    });
    timing.runId = response.headers.get('x-workflow-run-id');
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      timing.firstByte ||= performance.now() - started;
      buffer += decoder.decode(bytes, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
        timing.chunks++;
        if (!timing.firstText && event.includes('"type":"text-delta"')) timing.firstText = performance.now() - started;
        if (event.includes('"type":"finish"')) timing.total = performance.now() - started;
      }
    }
    if (!timing.total) throw new Error('the stream ended without finish');
    timing.ok = true;
  } catch (error) {
    timing.error = error instanceof Error ? error.message : String(error);
    timing.total = performance.now() - started;
  }
  return timing;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
