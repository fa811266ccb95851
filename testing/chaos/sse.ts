import type { UIMessageChunk } from 'ai';

/**
 * Reads a UI message stream (server-sent events) chunk by chunk as it arrives, handing each
 * to `onChunk`. Resolves with whether `finish` came; a dropped connection (a killed server)
 * resolves `false` rather than throwing, so a reader can reconnect the way the browser does.
 */
export async function followSse(response: Response, onChunk: (chunk: UIMessageChunk) => void): Promise<boolean> {
  if (!response.body) return false;
  const decoder = new TextDecoder();
  let buffer = '';
  let finished = false;
  try {
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end).replace(/^data: /, '').trim();
        buffer = buffer.slice(end + 2);
        if (!event || event === '[DONE]') continue;
        const chunk = JSON.parse(event) as UIMessageChunk;
        onChunk(chunk);
        if (chunk.type === 'finish') finished = true;
      }
    }
  } catch {
    // The connection dropped: the caller decides whether to reconnect.
  }
  return finished;
}
