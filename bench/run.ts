// `npm run bench`: what durability costs, measured against the production build.
//
// For each workflow world (local, Postgres) it starts `next start`, then drives chat turns
// over HTTP the way the browser sends them, through the durable chat route and, in the same
// run, through a plain `streamText` route (the baseline). It prints time to first byte,
// first text and total (p50/p95), throughput, server CPU per turn, peak RSS and the
// durable/plain ratios, what each tool call adds (turns with 1, 5 and 10 calls, in one
// step or one step each), and the cost of reconnecting from the tail in a short and a long
// chat; on the Postgres world, also the largest concurrency spread over two instances.
// Results go to bench/results/latest.json (and a dated copy) and a Markdown table.
//
//   npm run bench                      # full run, both worlds (about 10 minutes)
//   npm run bench -- --smoke           # a few turns per scenario, as CI runs it
//   npm run bench -- --world local     # one world only
//   npm run bench -- --tool-turns 10   # turns per tool-call scenario (1, 5 and 10 calls)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresWorldDatabases } from '../testing/postgres-world-databases';
import { LIFTED_QUOTAS } from '../testing/app-server';
import { BenchServer } from './lib/server';
import { guestCookie, percentile, timeTurn, type TurnTiming } from './lib/turns';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const worldArg = args[args.indexOf('--world') + 1];
const worlds = (args.includes('--world') ? [worldArg] : ['local', 'postgres']) as ('local' | 'postgres')[];

const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const plan = smoke
  ? { sequential: 3, concurrency: { local: [3], postgres: [3] }, longChat: 5, reconnects: 3, settleAfterMs: 0, instances: 2, toolTurns: 1 }
  : { sequential: 10, concurrency: { local: [10], postgres: [10, 100] }, longChat: 200, reconnects: 10, settleAfterMs: 60_000, instances: 2, toolTurns: 5 };
// For quick experiments: `--concurrency 50` (both worlds), `--long-chat 0` (skip the long chat), `--settle 0`,
// `--instances 1` (skip the scale-out run on the Postgres world).
if (option('concurrency')) {
  const levels = option('concurrency')!.split(',').map(Number);
  plan.concurrency = { local: levels, postgres: levels };
}
if (option('long-chat')) plan.longChat = Number(option('long-chat'));
if (option('settle')) plan.settleAfterMs = Number(option('settle'));
if (option('instances')) plan.instances = Number(option('instances'));
if (option('tool-turns')) plan.toolTurns = Number(option('tool-turns'));

// ---------------------------------------------------------------------------------------------

interface Summary {
  turns: number;
  errors: number;
  firstByte: { p50: number; p95: number };
  firstText: { p50: number; p95: number };
  total: { p50: number; p95: number };
  chunksPerTurn: number;
}

function summarize(timings: TurnTiming[]): Summary {
  const ok = timings.filter((t) => t.ok);
  const of = (pick: (t: TurnTiming) => number) => ({
    p50: Math.round(percentile(ok.map(pick), 50)),
    p95: Math.round(percentile(ok.map(pick), 95)),
  });
  return {
    turns: timings.length,
    errors: timings.length - ok.length,
    firstByte: of((t) => t.firstByte),
    firstText: of((t) => t.firstText),
    total: of((t) => t.total),
    chunksPerTurn: Math.round(percentile(ok.map((t) => t.chunks), 50)),
  };
}

async function sequential(server: BenchServer, cookie: string, route: string, turns: number) {
  await timeTurn(server.url, cookie, { path: route }); // warm up: compile paths, open pools
  const timings: TurnTiming[] = [];
  for (let i = 0; i < turns; i++) timings.push(await timeTurn(server.url, cookie, { path: route }));
  return summarize(timings);
}

/** `turns` turns at once, spread round-robin over the servers (instances behind one balancer). */
async function concurrent(servers: BenchServer[], cookie: string, route: string, turns: number) {
  for (const server of servers) server.takePeakRssMb();
  const cpuBefore = servers.map((server) => server.cpuSeconds());
  const started = performance.now();
  const timings = await Promise.all(
    Array.from({ length: turns }, (_, i) => timeTurn(servers[i % servers.length]!.url, cookie, { path: route })),
  );
  const wallMs = performance.now() - started;
  const errors = timings.filter((t) => !t.ok).map((t) => t.error);
  if (errors.length) console.warn(`  ${errors.length} errors, e.g. ${errors[0]}`);
  const cpuSeconds = servers.reduce((sum, server, i) => sum + server.cpuSeconds() - cpuBefore[i]!, 0);
  return {
    ...summarize(timings),
    wallMs: Math.round(wallMs),
    turnsPerSecond: Number((turns / (wallMs / 1000)).toFixed(2)),
    cpuMsPerTurn: Math.round((cpuSeconds * 1000) / turns),
    /** The highest RSS of any one instance. */
    peakRssMb: Math.round(Math.max(...servers.map((server) => server.takePeakRssMb()))),
  };
}

/** A message that makes the demo model call `calls` lookups: in one step, or one step each. */
function lookups(calls: number, mode: 'parallel' | 'sequential'): string {
  if (calls === 1) return 'Where is order 1001?';
  const orders = Array.from({ length: calls }, (_, i) => 1001 + i).join(', ');
  return mode === 'parallel' ? `Compare orders ${orders}` : `Look up orders ${orders} one by one`;
}

/** Server CPU and time of turns with 1, 5 and 10 tool calls, one turn at a time. */
async function toolScaling(server: BenchServer, cookie: string, route: string) {
  const result: Record<string, { calls: number; mode: string; cpuMsPerTurn: number; totalP50: number; errors: number }> = {};
  for (const mode of ['parallel', 'sequential'] as const) {
    for (const calls of [1, 5, 10]) {
      if (calls === 1 && mode === 'sequential') continue; // the same turn as parallel's
      const text = lookups(calls, mode);
      await timeTurn(server.url, cookie, { path: route, text }); // warm up
      const cpuBefore = server.cpuSeconds();
      const timings: TurnTiming[] = [];
      for (let i = 0; i < plan.toolTurns; i++) timings.push(await timeTurn(server.url, cookie, { path: route, text }));
      const cpuMsPerTurn = Math.round(((server.cpuSeconds() - cpuBefore) * 1000) / plan.toolTurns);
      const summary = summarize(timings);
      result[calls === 1 ? '1' : `${calls} ${mode}`] = { calls, mode, cpuMsPerTurn, totalP50: summary.total.p50, errors: summary.errors };
    }
  }
  return result;
}

/** A chat of `turns` turns; returns the chat id and its last run id. */
async function buildChat(server: BenchServer, cookie: string, turns: number) {
  let last: TurnTiming | null = null;
  const chatId = crypto.randomUUID();
  for (let i = 0; i < turns; i++) {
    last = await timeTurn(server.url, cookie, { chatId, text: i % 2 ? 'Where is order 1007?' : 'Show shipped orders for Ada' });
    if (!last.ok) throw new Error(`turn ${i + 1} of the long chat failed: ${last.error}`);
  }
  return { chatId, runId: last!.runId! };
}

async function timeRequest(url: string, cookie: string, rounds: number) {
  const timings: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    timings.push(performance.now() - started);
  }
  return { p50: Number(percentile(timings, 50).toFixed(1)), p95: Number(percentile(timings, 95).toFixed(1)) };
}

async function reconnectCost(server: BenchServer, cookie: string, chat: { chatId: string; runId: string }) {
  return {
    streamFromTail: await timeRequest(`${server.url}/api/chat/${chat.runId}/stream?startIndex=-20`, cookie, plan.reconnects),
    page: await timeRequest(`${server.url}/chat/${chat.chatId}`, cookie, Math.min(plan.reconnects, 5)),
  };
}

// ---------------------------------------------------------------------------------------------

async function worldEnv(world: 'local' | 'postgres'): Promise<Record<string, string>> {
  const base = { ...LIFTED_QUOTAS, DEMO_MODEL_DELAY_MS: '0', BENCH_PLAIN_ROUTE: '1', AUTH_SECRET: 'bench-secret-bench-secret-bench-secret', ...passThrough() };
  if (world === 'local') return { ...base, WORKFLOW_TARGET_WORLD: 'local' };
  return { ...base, ...(await createPostgresWorldDatabases('bench')).env };
}

type Concurrent = Awaited<ReturnType<typeof concurrent>>;
type Reconnect = Awaited<ReturnType<typeof reconnectCost>>;

interface WorldResult {
  world: string;
  standard?: { durable: Summary; plain: Summary; overheadP50Ms: number; ratioP50: number };
  concurrency?: Record<string, { durable: Concurrent; plain: Concurrent; ratioP50: number }>;
  reconnect?: { shortChat: Reconnect; longChat: Reconnect & { turns: number } };
  concurrencyWithHistory?: Concurrent & { historyTurns: number };
  /** The largest concurrency again, spread over several instances on the same world. */
  scaleOut?: Concurrent & { instances: number };
  rssMbAfterOneMinute?: number;
  /** Turns with 1, 5 and 10 tool calls, durable and plain: what each call adds. */
  toolCalls?: { durable: Awaited<ReturnType<typeof toolScaling>>; plain: Awaited<ReturnType<typeof toolScaling>> };
}

/** Tuning knobs a bench run can try without code changes: `WORKFLOW_*`, `STREAM_COALESCE_MS`. */
function passThrough(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => /^(WORKFLOW_POSTGRES_|WORKFLOW_STREAM_|STREAM_COALESCE_MS|RUN_ARCHIVE_)/.test(key)) as [string, string][],
  );
}

async function benchWorld(world: 'local' | 'postgres', port: number): Promise<WorldResult> {
  const env = await worldEnv(world);
  const server = new BenchServer(port, env);
  await server.start();
  const result: WorldResult = { world };
  try {
    const cookie = await guestCookie(server.url);
    console.log(`\n[${world}] standard turn, ${plan.sequential} in a row`);
    const durable = await sequential(server, cookie, '/api/chat', plan.sequential);
    const plain = await sequential(server, cookie, '/api/bench/plain', plan.sequential);
    result.standard = {
      durable,
      plain,
      overheadP50Ms: durable.total.p50 - plain.total.p50,
      ratioP50: Number((durable.total.p50 / Math.max(1, plain.total.p50)).toFixed(1)),
    };
    console.log(`  durable total p50 ${durable.total.p50} ms (first text ${durable.firstText.p50} ms, ${durable.chunksPerTurn} chunks); plain ${plain.total.p50} ms`);

    console.log(`[${world}] turns with 1, 5 and 10 tool calls, ${plan.toolTurns} of each`);
    result.toolCalls = { durable: await toolScaling(server, cookie, '/api/chat'), plain: await toolScaling(server, cookie, '/api/bench/plain') };
    for (const [name, d] of Object.entries(result.toolCalls.durable)) {
      const p = result.toolCalls.plain[name]!;
      console.log(`  ${name} call(s): durable ${d.cpuMsPerTurn} ms CPU, ${d.totalP50} ms; plain ${p.cpuMsPerTurn} ms CPU, ${p.totalP50} ms`);
    }

    const concurrency: NonNullable<WorldResult['concurrency']> = {};
    for (const turns of plan.concurrency[world]) {
      console.log(`[${world}] ${turns} concurrent turns`);
      const durableRun = await concurrent([server], cookie, '/api/chat', turns);
      const plainRun = await concurrent([server], cookie, '/api/bench/plain', turns);
      concurrency[turns] = {
        durable: durableRun,
        plain: plainRun,
        ratioP50: Number((durableRun.total.p50 / Math.max(1, plainRun.total.p50)).toFixed(1)),
      };
      console.log(
        `  durable ${durableRun.turnsPerSecond} turns/s, p50 ${durableRun.total.p50} ms, p95 ${durableRun.total.p95} ms, ` +
          `${durableRun.errors} errors, ${durableRun.cpuMsPerTurn} ms CPU/turn, peak ${durableRun.peakRssMb} MB; plain ${plainRun.turnsPerSecond} turns/s`,
      );
    }
    result.concurrency = concurrency;

    if (world === 'postgres' && plan.instances > 1) {
      const turns = plan.concurrency.postgres.at(-1)!;
      console.log(`[postgres] ${turns} concurrent turns over ${plan.instances} instances`);
      const others = Array.from({ length: plan.instances - 1 }, (_, i) => new BenchServer(port + 10 * (i + 1), env));
      try {
        await Promise.all(others.map((other) => other.start()));
        for (const other of others) await timeTurn(other.url, cookie); // warm up, as the first instance was
        result.scaleOut = { instances: plan.instances, ...(await concurrent([server, ...others], cookie, '/api/chat', turns)) };
      } finally {
        await Promise.all(others.map((other) => other.stop()));
      }
      console.log(`  ${JSON.stringify(result.scaleOut)}`);
    }

    if (plan.longChat > 0) {
      console.log(`[${world}] reconnect: a 1-turn chat and a ${plan.longChat}-turn chat`);
      const short = await buildChat(server, cookie, 1);
      const long = await buildChat(server, cookie, plan.longChat);
      result.reconnect = {
        shortChat: await reconnectCost(server, cookie, short),
        longChat: { turns: plan.longChat, ...(await reconnectCost(server, cookie, long)) },
      };
      console.log(`  ${JSON.stringify(result.reconnect)}`);
    }

    if (world === 'local' && plan.longChat > 0) {
      const turns = plan.concurrency.local.at(-1)!;
      console.log(`[local] ${turns} concurrent turns again, with the long chat's history on disk`);
      result.concurrencyWithHistory = { historyTurns: plan.longChat + 1, ...(await concurrent([server], cookie, '/api/chat', turns)) };
      console.log(`  ${JSON.stringify(result.concurrencyWithHistory)}`);
    }

    if (plan.settleAfterMs) {
      await new Promise((r) => setTimeout(r, plan.settleAfterMs));
      result.rssMbAfterOneMinute = Math.round(server.rssMb());
      console.log(`[${world}] RSS a minute later: ${result.rssMbAfterOneMinute} MB`);
    }
  } finally {
    await server.stop();
  }
  return result;
}

function commit(): string {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return git.stdout.trim() || 'unknown';
}

function table(results: Record<string, WorldResult>): string {
  const rows = ['| world | scenario | durable p50 / p95 | plain p50 | first text p50 | turns/s | CPU/turn | peak RSS | errors |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const [world, r] of Object.entries(results)) {
    const s = r.standard!;
    rows.push(`| ${world} | 1 turn at a time | ${s.durable.total.p50} / ${s.durable.total.p95} ms | ${s.plain.total.p50} ms | ${s.durable.firstText.p50} ms (plain ${s.plain.firstText.p50}) | | | | ${s.durable.errors} |`);
    for (const [turns, c] of Object.entries(r.concurrency ?? {})) {
      rows.push(`| ${world} | ${turns} concurrent | ${c.durable.total.p50} / ${c.durable.total.p95} ms | ${c.plain.total.p50} ms | ${c.durable.firstText.p50} ms | ${c.durable.turnsPerSecond} (plain ${c.plain.turnsPerSecond}) | ${c.durable.cpuMsPerTurn} ms | ${c.durable.peakRssMb} MB | ${c.durable.errors} |`);
    }
    if (r.scaleOut) {
      const o = r.scaleOut;
      rows.push(`| ${world} | ${o.turns} concurrent on ${o.instances} instances | ${o.total.p50} / ${o.total.p95} ms | | ${o.firstText.p50} ms | ${o.turnsPerSecond} | ${o.cpuMsPerTurn} ms | ${o.peakRssMb} MB each | ${o.errors} |`);
    }
    if (r.concurrencyWithHistory) {
      const h = r.concurrencyWithHistory;
      rows.push(`| ${world} | ${h.turns} concurrent, ${h.historyTurns} turns of history | ${h.total.p50} / ${h.total.p95} ms | | ${h.firstText.p50} ms | ${h.turnsPerSecond} | ${h.cpuMsPerTurn} ms | ${h.peakRssMb} MB | ${h.errors} |`);
    }
  }
  rows.push('', '| world | tool calls | durable CPU/turn | plain CPU/turn | overhead CPU (× the 1-call turn) | durable p50 | plain p50 |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const [world, r] of Object.entries(results)) {
    if (!r.toolCalls) continue;
    const overheadOf = (name: string) => r.toolCalls!.durable[name]!.cpuMsPerTurn - r.toolCalls!.plain[name]!.cpuMsPerTurn;
    const one = Math.max(1, overheadOf('1'));
    for (const [name, d] of Object.entries(r.toolCalls.durable)) {
      const p = r.toolCalls.plain[name]!;
      rows.push(`| ${world} | ${name} | ${d.cpuMsPerTurn} ms | ${p.cpuMsPerTurn} ms | ${overheadOf(name)} ms (${(overheadOf(name) / one).toFixed(1)}×) | ${d.totalP50} ms | ${p.totalP50} ms |`);
    }
  }
  rows.push('', '| world | reconnect from the tail (p50) | chat page (p50) |', '| --- | --- | --- |');
  for (const [world, r] of Object.entries(results)) {
    const c = r.reconnect;
    if (!c) continue;
    rows.push(`| ${world} | 1-turn chat ${c.shortChat.streamFromTail.p50} ms, ${c.longChat.turns}-turn chat ${c.longChat.streamFromTail.p50} ms | ${c.shortChat.page.p50} ms / ${c.longChat.page.p50} ms |`);
  }
  return rows.join('\n');
}

async function main() {
  if (!existsSync('.next/BUILD_ID')) execFileSync('npx', ['next', 'build'], { stdio: 'inherit' });
  const results: Record<string, WorldResult> = {};
  let port = 3400;
  for (const world of worlds) results[world] = await benchWorld(world, port++);
  const report = {
    at: new Date().toISOString(),
    commit: commit(),
    smoke,
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    results,
  };
  mkdirSync('bench/results', { recursive: true });
  const json = JSON.stringify(report, null, 2);
  // Only the full plan is "the latest run"; a run narrowed by options is written beside it.
  const narrowed = ['world', 'concurrency', 'long-chat', 'settle', 'instances', 'tool-turns'].some((name) => args.includes(`--${name}`));
  writeFileSync(path.join('bench/results', smoke ? 'smoke.json' : narrowed ? 'narrowed.json' : 'latest.json'), json);
  if (!smoke && !narrowed) writeFileSync(path.join('bench/results', `${report.at.slice(0, 19).replace(/:/g, '-')}.json`), json);
  console.log(`\n${table(results)}`);
  const errors = countErrors(results);
  if (errors > 0) {
    console.error(`\n${errors} turns failed: the numbers above are not a benchmark of working turns.`);
    process.exit(1);
  }
}

function countErrors(results: Record<string, WorldResult>): number {
  let errors = 0;
  for (const r of Object.values(results)) {
    errors += (r.standard?.durable.errors ?? 0) + (r.standard?.plain.errors ?? 0);
    for (const c of Object.values(r.concurrency ?? {})) errors += c.durable.errors + c.plain.errors;
    errors += (r.concurrencyWithHistory?.errors ?? 0) + (r.scaleOut?.errors ?? 0);
    for (const side of [r.toolCalls?.durable, r.toolCalls?.plain]) for (const t of Object.values(side ?? {})) errors += t.errors;
  }
  return errors;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
