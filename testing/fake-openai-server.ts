import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible server: speaks Chat Completions with
 * `stream: true` (server-sent events), including streamed tool calls. Scripted by the
 * conversation: a user message naming an order number gets a `getOrder` tool call, a tool
 * result gets a text answer quoting it, a message containing "fail" gets an HTTP 400 (a
 * request the provider will never accept), one containing "flaky" gets an HTTP 500 on its
 * first four requests (one model step and its three retries), then answers, and one
 * containing "rate limit" gets an HTTP 429 with `Retry-After: 1` on its first request. One
 * containing "garbled" gets a `getOrder` call whose input does not fit the tool's schema, and a
 * tool result that is an error gets an answer quoting the error.
 */
export interface FakeOpenAIRequest {
  path: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string } }[];
  };
}

export async function startFakeOpenAIServer(port = 0) {
  const requests: FakeOpenAIRequest[] = [];
  const attempts = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    const raw = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (part) => (text += part));
      req.on('end', () => resolve(text));
    });
    const body = JSON.parse(raw) as FakeOpenAIRequest['body'];
    requests.push({ path: req.url ?? '', at: Date.now(), authorization: req.headers.authorization, body });
    if (req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const last = body.messages.at(-1)!;
    const userText = [...body.messages].reverse().find((m) => m.role === 'user');
    const text = typeof userText?.content === 'string' ? userText.content : JSON.stringify(userText?.content ?? '');
    const attempt = (attempts.get(text) ?? 0) + 1;
    if (last.role === 'user') attempts.set(text, attempt);
    const refuse = (status: number, message: string, type: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ error: { message, type } }));
    };
    if (last.role === 'user' && /fail/i.test(text)) {
      refuse(400, 'The fake server refuses this request.', 'invalid_request_error');
      return;
    }
    if (last.role === 'user' && /flaky/i.test(text) && attempt <= 4) {
      refuse(500, 'The fake server had an internal error.', 'server_error');
      return;
    }
    if (last.role === 'user' && /rate limit/i.test(text) && attempt === 1) {
      refuse(429, 'Rate limit reached; try again in 1 s.', 'rate_limit_error', { 'retry-after': '1' });
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion.chunk',
          created: 1_700_000_000,
          model: body.model,
          choices: [{ index: 0, delta, finish_reason: finishReason }],
        })}\n\n`,
      );
    const orderNumber = /\b(1\d{3})\b/.exec(text)?.[1];
    if (last.role === 'tool') {
      const result = typeof last.content === 'string' ? last.content : JSON.stringify(last.content);
      const status = /"status":"(\w+)"/.exec(result)?.[1] ?? 'unknown';
      const error = result.startsWith('{"error":') ? (JSON.parse(result) as { error: string }).error : undefined;
      send({ role: 'assistant', content: '' });
      for (const word of error ? ['The ', 'tool ', 'failed: ', error] : ['The ', 'order ', 'is ', `${status}.`]) send({ content: word });
      send({}, 'stop');
    } else if (/garbled/i.test(text)) {
      send({ role: 'assistant', tool_calls: [{ index: 0, id: `call_${requests.length}`, type: 'function', function: { name: 'getOrder', arguments: '{"orderNumber":"soon"}' } }] });
      send({}, 'tool_calls');
    } else if (orderNumber) {
      send({ role: 'assistant', tool_calls: [{ index: 0, id: `call_${requests.length}`, type: 'function', function: { name: 'getOrder', arguments: '' } }] });
      for (const part of ['{"orderNumber":', ` ${orderNumber}}`]) {
        send({ tool_calls: [{ index: 0, function: { arguments: part } }] });
      }
      send({}, 'tool_calls');
    } else {
      send({ role: 'assistant', content: 'Hello ' });
      send({ content: 'from the fake server.' });
      send({}, 'stop');
    }
    res.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model, choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
