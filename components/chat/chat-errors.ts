/**
 * Failed requests arrive from the transport as `Failed to fetch chat: 409 {"error":{...}}`:
 * the server's `{ error: { code, message, ...details } }`, when there is one.
 */
export function chatErrorBody(error: Error): ({ code?: string; message?: string } & Record<string, unknown>) | null {
  const json = error.message.indexOf('{');
  if (json < 0) return null;
  try {
    return (JSON.parse(error.message.slice(json)) as { error?: { code?: string; message?: string } }).error ?? null;
  } catch {
    return null;
  }
}

/** A transport error as a person should read it: the server's own message when it sent one. */
export function describeChatError(error: Error): string {
  const body = chatErrorBody(error);
  if (body?.message) return body.message;
  if (/failed to fetch|network/i.test(error.message)) return 'The connection to the server was lost.';
  return error.message || 'Something went wrong.';
}

/** The chat was answering already (a stale tab, another device): the message can wait its turn. */
export function isChatBusy(error: Error): boolean {
  const body = chatErrorBody(error);
  return body?.code === 'conflict' && 'activeRunId' in body;
}
