// How long the run page takes for a run with about 50 steps:
//   npx tsx bench/run-page-latency.ts [baseUrl=http://127.0.0.1:3000] [rounds=10]
// Makes the run (one message that looks up 16 orders one by one: one model call and one tool call each),
// then times the page (server-rendered HTML) and its JSON API.
import { randomUUID } from 'node:crypto';

const [baseUrl = 'http://127.0.0.1:3000', roundsArg = '10'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const orders = Array.from({ length: 16 }, (_, i) => 1001 + i).join(', ');

const home = await fetch(`${baseUrl}/`);
const cookie = home.headers.getSetCookie().find((c) => c.startsWith('session='))!.split(';')[0]!;
const post = await fetch(`${baseUrl}/api/chat`, {
  method: 'POST',
  headers: { cookie, 'content-type': 'application/json' },
  body: JSON.stringify({ id: randomUUID(), message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text: `Look up orders ${orders} one by one` }] } }),
});
const runId = post.headers.get('x-workflow-run-id')!;
await post.text(); // the whole answer
const first = (await (await fetch(`${baseUrl}/api/runs/${runId}`, { headers: { cookie } })).json()) as {
  timeline: { items: { kind: string }[] };
};
const steps = first.timeline.items.filter((i) => i.kind === 'step').length;
console.log(`run ${runId}: ${steps} steps`);

async function time(path: string): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    timings.push(performance.now() - started);
  }
  return timings;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const path of [`/runs/${runId}`, `/api/runs/${runId}`]) {
  const timings = await time(path);
  console.log(`${path}: median ${median(timings).toFixed(0)} ms over ${rounds} (min ${Math.min(...timings).toFixed(0)}, max ${Math.max(...timings).toFixed(0)})`);
}
