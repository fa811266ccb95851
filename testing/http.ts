import type { UIMessageChunk } from 'ai';

export function jsonRequest(url: string, init: { method?: string; cookie?: string; body?: unknown; rawBody?: string } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set('cookie', init.cookie);
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${url}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
}

export const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

/** Reads a UI message stream response (server-sent events) into its chunks. */
export async function readSse(response: Response): Promise<UIMessageChunk[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((event) => event.replace(/^data: /, '').trim())
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data) as UIMessageChunk);
}

/** Reads SSE chunks until `count` have arrived, then lets go of the stream. */
export async function readSseChunks(response: Response, count: number): Promise<UIMessageChunk[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const chunks: UIMessageChunk[] = [];
  while (chunks.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0 && chunks.length < count) {
      const data = buffer.slice(0, end).replace(/^data: /, '').trim();
      buffer = buffer.slice(end + 2);
      if (data && data !== '[DONE]') chunks.push(JSON.parse(data) as UIMessageChunk);
    }
  }
  await reader.cancel();
  return chunks;
}

export async function errorOf(response: Response): Promise<{ code: string; message: string; [key: string]: unknown }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return body.error;
}
