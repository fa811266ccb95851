/**
 * A transport error as a person should read it. Failed requests arrive as
 * `Failed to fetch chat: 409 {"error":{...}}`; show the server's own message.
 */
export function describeChatError(error: Error): string {
  const json = error.message.indexOf('{');
  if (json >= 0) {
    try {
      const body = JSON.parse(error.message.slice(json)) as { error?: { message?: string } };
      if (body.error?.message) return body.error.message;
    } catch {
      // not JSON: fall through
    }
  }
  if (/failed to fetch|network/i.test(error.message)) return 'The connection to the server was lost.';
  return error.message || 'Something went wrong.';
}
