import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { UIMessageChunk } from 'ai';
import { Client } from 'pg';
import { guestCookie, timeTurn } from '../bench/lib/turns';
import { AppServer } from '../testing/app-server';
import { followSse } from '../testing/chaos/sse';
import { DeliveryRecorder, type RecordedDelivery } from '../testing/delivery-recorder';
import { createPostgresWorldDatabases } from '../testing/postgres-world-databases';

// The workflow engine's routes (/.well-known/workflow/v1/flow, /step, /webhook/…) run whatever
// queue message they get. Only the app's own world may reach them: an outsider replaying real
// deliveries (copied bodies, well-formed x-vqs-* headers, any cookie) finds nothing there and
// changes nothing, on both worlds, while the app's own turns and approvals keep working.

const SIGNATURE = 'x-engine-signature';

for (const world of ['local', 'postgres'] as const) {
  test(`forged deliveries to the engine's routes find nothing and change nothing (${world} world)`, async () => {
    test.setTimeout(180_000);
    const appPort = world === 'local' ? 3121 : 3122;
    const recorder = new DeliveryRecorder(appPort + 10, () => `http://127.0.0.1:${appPort}`);
    const databases = world === 'postgres' ? await createPostgresWorldDatabases(`e2e_engine_${Date.now().toString(36)}`) : null;
    const server = new AppServer(appPort, {
      ...databases?.env,
      ...(databases ? { AUTH_SECRET: 'e2e-engine-routes-secret-long-enough-for-hs256' } : {}),
      WORKFLOW_LOCAL_BASE_URL: recorder.url,
      // Real deliveries to copy: the local world otherwise hands them to the routes in process
      // (the routes stay, for the Postgres world and the moments before they are loaded).
      WORKFLOW_IN_PROCESS_DISPATCH: '0',
      DEMO_MODEL_DELAY_MS: '5',
    });
    const worldDb = databases ? new Client({ connectionString: databases.env.WORKFLOW_POSTGRES_URL }) : null;
    try {
      await recorder.start();
      await server.start();
      await worldDb?.connect();
      const runCount = async () =>
        worldDb
          ? Number((await worldDb.query('select count(*) from workflow.workflow_runs')).rows[0].count)
          : readdirSync(path.join(server.dataDir, 'workflow', 'runs')).length;

      // The owner asks for a refund; the run waits for their approval.
      const owner = await guestCookie(server.url);
      const outsider = await guestCookie(server.url);
      const chatId = randomUUID();
      const { runId, approvalId } = await startTurnWaitingForApproval(server.url, owner, chatId, 'Refund $5 of order 1007');
      expect(recorder.deliveries.length).toBeGreaterThan(0);
      expect(recorder.deliveries.every((d) => d.headers[SIGNATURE])).toBe(true);

      const before = { runs: await runCount(), chat: await chatState(server.url, owner, chatId) };
      const notFound = await fetch(`${server.url}/.well-known/nothing-here`, { method: 'POST' });
      const notFoundBody = samePage(await notFound.text());
      expect(notFound.status).toBe(404);

      const flow = recorder.deliveries.find((d) => d.path.endsWith('/flow') && d.body.includes(runId))!;
      const step = recorder.deliveries.find((d) => d.path.endsWith('/step') && d.body.includes(runId))!;
      expect(flow && step).toBeTruthy();
      const forgeries: { what: string; delivery: RecordedDelivery; headers: Record<string, string>; body?: Buffer }[] = [];
      for (const delivery of [flow, step]) {
        const { [SIGNATURE]: _signature, ...unsigned } = delivery.headers;
        forgeries.push(
          { what: 'copied, unsigned', delivery, headers: unsigned },
          { what: "copied, with a guest's cookie", delivery, headers: { ...unsigned, cookie: outsider } },
          { what: "copied, with the owner's cookie", delivery, headers: { ...unsigned, cookie: owner } },
          { what: 'copied, a made-up signature', delivery, headers: { ...unsigned, [SIGNATURE]: 'AAAA' } },
        );
      }
      // The step route with the flow queue's valid signature; a forged start of a new run.
      forgeries.push({ what: "another queue's signature", delivery: step, headers: { ...step.headers, [SIGNATURE]: flow.headers[SIGNATURE]! } });
      const { [SIGNATURE]: _s, ...flowUnsigned } = flow.headers;
      const forgedStart = JSON.parse(flow.body.toString()) as Record<string, unknown>;
      forgedStart.runId = `wrun_${randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase()}`;
      forgeries.push({ what: 'a new run', delivery: flow, headers: { ...flowUnsigned, cookie: outsider }, body: Buffer.from(JSON.stringify(forgedStart)) });

      for (const forgery of forgeries) {
        const response = await fetch(`${server.url}${forgery.delivery.path}`, {
          method: 'POST',
          headers: forgery.headers,
          body: new Uint8Array(forgery.body ?? forgery.delivery.body),
        });
        expect(response.status, `${forgery.delivery.path}: ${forgery.what}`).toBe(404);
        expect(samePage(await response.text())).toBe(notFoundBody);
        expect(response.headers.get('set-cookie')).toBeNull();
      }
      for (const [method, route] of [
        ['GET', '/.well-known/workflow/v1/flow?__health'],
        ['HEAD', '/.well-known/workflow/v1/step'],
        ['OPTIONS', '/.well-known/workflow/v1/flow'],
        ['POST', `/.well-known/workflow/v1/webhook/${encodeURIComponent(`approval:${runId}:x`)}`],
        ['POST', '/.well-known/workflow/v1/webhook/anything'],
      ] as const) {
        const response = await fetch(`${server.url}${route}`, { method, headers: { cookie: outsider } });
        expect(response.status, `${method} ${route}`).toBe(404);
      }

      // Nothing changed: no new run, the chat as it was, the run still waiting for its owner.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await runCount()).toBe(before.runs);
      expect(await chatState(server.url, owner, chatId)).toEqual(before.chat);
      const approval = await fetch(`${server.url}/api/approvals/${approvalId}`, { headers: { cookie: owner } }).then((r) => r.json());
      expect(approval.approval.status).toBe('pending');

      // The app's own deliveries still work: the owner approves and the refund happens.
      const decided = await fetch(`${server.url}/api/approvals/${approvalId}`, {
        method: 'POST',
        headers: { cookie: owner, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve' }),
      });
      expect(decided.status).toBe(200);
      const rest: UIMessageChunk[] = [];
      const finished = await followSse(await fetch(`${server.url}/api/chat/${runId}/stream?startIndex=0`, { headers: { cookie: owner } }), (c) => rest.push(c));
      expect(finished).toBe(true);
      expect(rest.map((c) => (c.type === 'text-delta' ? c.delta : '')).join('')).toContain('Refunded **$5.00**');
    } finally {
      await worldDb?.end().catch(() => {});
      await server.stop();
      await recorder.stop();
      await databases?.drop();
    }
  });
}

// The local world hands its deliveries to the engine's routes in process once the warm-up has
// loaded them: a turn then sends nothing over HTTP to the engine, and a restart in the middle
// of a turn still finishes it (e2e/restart.spec.ts).
test("the local world's deliveries skip HTTP once the engine's routes are loaded", async () => {
  test.setTimeout(120_000);
  const appPort = 3123;
  const recorder = new DeliveryRecorder(appPort + 10, () => `http://127.0.0.1:${appPort}`);
  const server = new AppServer(appPort, { WORKFLOW_LOCAL_BASE_URL: recorder.url, DEMO_MODEL_DELAY_MS: '0' });
  try {
    await recorder.start();
    await server.start();
    await expect.poll(() => server.log.includes("[warm-up] the engine's routes are loaded"), { timeout: 60_000 }).toBe(true);
    const deliveriesBefore = recorder.deliveries.length;
    const cookie = await guestCookie(server.url);
    for (const text of ['Where is order 1007?', 'Compare orders 1001, 1002 and 1005']) {
      const turn = await timeTurn(server.url, cookie, { text });
      expect(turn.error).toBeUndefined();
    }
    expect(recorder.deliveries.length).toBe(deliveriesBefore);
  } finally {
    await server.stop();
    await recorder.stop();
  }
});

async function startTurnWaitingForApproval(baseUrl: string, cookie: string, chatId: string, text: string) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ id: chatId, message: { id: randomUUID(), role: 'user', parts: [{ type: 'text', text }] } }),
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const runId = response.headers.get('x-workflow-run-id')!;
  let approvalId = '';
  await followSse(response, (chunk) => {
    if (chunk.type === 'data-approval') {
      approvalId = (chunk.data as { approvalId: string }).approvalId;
      abort.abort();
    }
  });
  expect(approvalId).not.toBe('');
  // Wait until the run is asleep on its hook, as it would be for hours.
  const waitingOnHook = async () => {
    const detail = (await fetch(`${baseUrl}/api/runs/${runId}`, { headers: { cookie } }).then((r) => r.json())) as {
      timeline?: { items: { kind: string; outcome?: string }[] };
    };
    return detail.timeline?.items.some((item) => item.kind === 'hook' && item.outcome === 'waiting') ?? false;
  };
  await expect.poll(waitingOnHook, { timeout: 20_000 }).toBe(true);
  return { runId, approvalId };
}

async function chatState(baseUrl: string, cookie: string, chatId: string) {
  const { messages } = (await fetch(`${baseUrl}/api/chats/${chatId}`, { headers: { cookie } }).then((r) => r.json())) as {
    messages: { id: string; role: string }[];
  };
  return messages.map((m) => `${m.role} ${m.id}`);
}

/**
 * A page with what differs between any two responses taken out: the per-response CSP nonce, and
 * the address it was asked at (every not-found page names its own path in its payload).
 */
function samePage(html: string): string {
  return html
    .replace(/ nonce="[^"]*"/g, '')
    .replace(/\\"nonce\\":\\"[^\\]*\\"/g, '')
    .replace(/\\"c\\":\[[^\]]*\]/g, '')
    .replace(/,\{\}\]/g, ']');
}
