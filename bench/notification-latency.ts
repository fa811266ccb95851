// How soon the people who can decide hear of a request: from the approval card arriving in the
// requester's stream to the signed `approval.requested` webhook reaching a local receiver.
// Starts a production server of its own (demo model without pauses, embedded database, local
// world) with the receiver configured, signs in as the demo agent and asks for refunds above the
// agent's own limit, one at a time, stopping each turn once its card is out:
//   npx tsx bench/notification-latency.ts [--rounds 10] [--port 3196]
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../lib/auth/demo-accounts';
import { AppServer } from '../testing/app-server';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { percentile, signInCookie } from './lib/turns';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, port: { type: 'string', default: '3196' } } });
const rounds = Number(values.rounds);
const SECRET = 'bench-webhook-secret-long-enough';
// Delivered demo orders worth more than $40.
const orders = [1005, 1006, 1007, 1010, 1012, 1016, 1022, 1025, 1027];

/** Sends the message and resolves when the stream carries the approval card (then drops the stream). */
async function askUntilCard(baseUrl: string, cookie: string, text: string): Promise<{ chatId: string; approvalId: string; cardAt: number }> {
  const chatId = randomUUID();
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ id: chatId, message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text }] } }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += decoder.decode(read.value, { stream: true });
    const match = /"type":"data-approval","id":"([^"]+)"/.exec(buffer);
    if (match) {
      const cardAt = Date.now();
      await reader.cancel();
      return { chatId, approvalId: match[1]!, cardAt };
    }
  }
  throw new Error(`the stream ended without an approval card: ${buffer.slice(-300)}`);
}

async function main() {
  const receiver = await new WebhookReceiver(SECRET).start();
  const arrivals = new Map<string, number>();
  receiver.onReceived = (webhook) => {
    if (webhook.event !== 'approval.requested') return;
    const { approval } = JSON.parse(webhook.body) as { approval: { id: string } };
    if (!arrivals.has(approval.id)) arrivals.set(approval.id, Date.now());
  };
  const server = new AppServer(Number(values.port), { DEMO_MODEL_DELAY_MS: '0', NOTIFY_WEBHOOK_URLS: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET });
  await server.start();
  try {
    const cookie = await signInCookie(server.url, 'agent@demo.store', DEMO_PASSWORD);
    const latencies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const { chatId, approvalId, cardAt } = await askUntilCard(server.url, cookie, `Refund $40 of order ${orders[round % orders.length]}`);
      const deadline = Date.now() + 30_000;
      while (!arrivals.has(approvalId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      const arrived = arrivals.get(approvalId);
      if (arrived === undefined) throw new Error(`no approval.requested webhook for ${approvalId} within 30 s`);
      latencies.push(arrived - cardAt);
      console.log(`round ${round + 1}: webhook ${arrived - cardAt} ms after the card`);
      // The agent may run three answers at once: stop this one, which expires its request.
      const stopped = await fetch(`${server.url}/api/chat/${chatId}/stop`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
      if (!stopped.ok) throw new Error(`stop: HTTP ${stopped.status}`);
    }
    console.log(
      `approval.requested webhook after the card: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, ` +
        `min ${Math.min(...latencies)}, max ${Math.max(...latencies)} (${latencies.length}); all signatures verified: ${receiver.received.every((r) => r.verified)}`,
    );
  } finally {
    await server.stop();
    await receiver.close();
  }
}

await main();
