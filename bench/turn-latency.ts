// Times chat turns against a running server the way the browser sends them:
//   npx tsx bench/turn-latency.ts [baseUrl=http://127.0.0.1:3000] [turns=10] [message]
// Each turn is a new chat; prints each turn and the median of time to first byte,
// first text and the finish chunk.
import { randomUUID } from 'node:crypto';
import { guestCookie } from './lib/turns';

const [baseUrl = 'http://127.0.0.1:3000', turnsArg = '10', message = 'Where is order 1007?'] = process.argv.slice(2);
const turns = Number(turnsArg);

async function oneTurn(cookie: string) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: randomUUID(),
      message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text: message }] },
    }),
  });
  if (!response.ok || !response.body) throw new Error(`POST /api/chat: ${response.status} ${await response.text()}`);
  let firstByte = 0;
  let firstText = 0;
  let finished = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    firstByte ||= performance.now() - started;
    buffer += decoder.decode(bytes, { stream: true });
    if (!firstText && buffer.includes('"type":"text-delta"')) firstText = performance.now() - started;
    if (buffer.includes('"type":"finish"')) finished = performance.now() - started;
  }
  if (!finished) throw new Error('the stream ended without finish');
  return { firstByte, firstText, total: finished };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const cookie = await guestCookie(baseUrl);
const results = [];
for (let i = 0; i < turns; i++) {
  const result = await oneTurn(cookie);
  results.push(result);
  console.log(`turn ${i + 1}: first byte ${result.firstByte.toFixed(0)} ms, first text ${result.firstText.toFixed(0)} ms, total ${result.total.toFixed(0)} ms`);
}
console.log(
  `median of ${turns}: first byte ${median(results.map((r) => r.firstByte)).toFixed(0)} ms, ` +
    `first text ${median(results.map((r) => r.firstText)).toFixed(0)} ms, total ${median(results.map((r) => r.total)).toFixed(0)} ms`,
);
