import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { guestCookie, signInCookie } from '../../bench/lib/turns';
import { AppServer, LIFTED_QUOTAS } from '../app-server';
import { adminQuery, databaseUrl } from '../postgres-admin';
import { createPostgresWorldDatabases } from '../postgres-world-databases';
import { checkInvariants, type ChaosFigures } from './invariants';
import { driveTurn, type TurnRecord } from './turn-driver';
import { insertChaosOrders, Workload } from './workload';

export interface ChaosOptions {
  world: 'local' | 'postgres';
  /** How many times the server is killed (SIGKILL) and started again. */
  kills: number;
  /** Time between a restart and the next kill, drawn between these bounds. */
  gapMs: [number, number];
  /** Turns in flight at once. */
  concurrency: number;
  /** How long after the last restart every turn has to finish. */
  settleMs: number;
  port: number;
  log?: (line: string) => void;
}

export interface ChaosReport extends ChaosFigures {
  world: string;
  kills: number;
  /** The longest time from the last restart to a turn's finish (ms). */
  worstFinishAfterLastRestartMs: number;
  /** The longest time a restart took, from the kill to a healthy server (ms). */
  slowestRestartMs: number;
  durationMs: number;
  serverLogFile?: string;
}

const AUTO_APPROVE_LIMIT_CENTS = 500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

/**
 * The crash test: concurrent turns of every kind while the server is killed and started again
 * and again, then the invariants (see invariants.ts). App data is on Postgres; the workflow
 * world is the local one (files) or the Postgres world.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(`[chaos] ${line}`));
  const began = Date.now();
  const prefix = `chaos_${Date.now().toString(36)}`;
  const databases =
    options.world === 'postgres'
      ? await createPostgresWorldDatabases(prefix)
      : await createAppDatabase(prefix);
  const authSecret = `chaos-${randomUUID()}-secret-long-enough`;
  const server = new AppServer(
    options.port,
    {
      ...databases.env,
      ...LIFTED_QUOTAS,
      AUTH_SECRET: authSecret,
      DEMO_MODEL_DELAY_MS: '25',
      REFUND_AUTO_APPROVE_LIMIT_CENTS: String(AUTO_APPROVE_LIMIT_CENTS),
      APPROVAL_TIMEOUT: '1h',
      // An approver (a demo person) decides every request: cancellations always need one.
      SEED_DEMO_ACCOUNTS: '1',
    },
    'chat-chaos-',
  );
  const app = new Client({ connectionString: databases.env.DATABASE_URL });
  const turns: TurnRecord[] = [];
  let lastRestartAt = Number.POSITIVE_INFINITY;
  let producing = true;
  const stopAt = () => lastRestartAt + options.settleMs;
  // Past the deadline every reader lets go, whatever it was waiting for.
  const giveUp = new AbortController();
  let slowestRestartMs = 0;

  try {
    await server.start();
    await app.connect();
    const orders = await insertChaosOrders(app, 40);
    const workload = new Workload(orders, AUTO_APPROVE_LIMIT_CENTS);
    const people = await Promise.all(Array.from({ length: 4 }, () => guestCookie(server.url)));
    const approver = await signInCookie(server.url, 'approver@demo.store', 'support-demo');

    const inFlight = new Set<Promise<void>>();
    const produce = async () => {
      while (producing) {
        while (producing && inFlight.size < options.concurrency) {
          const plan = workload.nextTurn();
          const turn: TurnRecord = {
            plan,
            chatId: randomUUID(),
            messageId: randomUUID(),
            cookie: people[turns.length % people.length]!,
            runId: null,
            live: [],
            finished: false,
            sentAt: Date.now(),
            finishedAt: null,
            attempts: 0,
          };
          turns.push(turn);
          const driving = driveTurn(() => server.url, turn, giveUp.signal).finally(() => inFlight.delete(driving));
          inFlight.add(driving);
        }
        await pause(100);
      }
    };
    const producer = produce();
    const deciding = decideApprovals(server, approver, turns, () => Date.now() < stopAt());

    for (let kill = 1; kill <= options.kills; kill++) {
      await pause(between(options.gapMs));
      const killedAt = Date.now();
      await server.kill();
      log(`kill ${kill}/${options.kills} with ${inFlight.size} turn(s) in flight (${turns.length} sent)`);
      await server.start();
      slowestRestartMs = Math.max(slowestRestartMs, Date.now() - killedAt);
    }
    lastRestartAt = Date.now();
    producing = false;
    const deadline = setTimeout(() => giveUp.abort(), options.settleMs);
    await producer;
    log(`last restart; waiting up to ${options.settleMs / 1000} s for ${inFlight.size} turn(s)`);
    await Promise.all(inFlight);
    // Also wait for the runs themselves (a reader can get finish a moment before the run ends).
    while (Date.now() < stopAt()) {
      const { rows } = await app.query(`select 1 from runs where status in ('queued', 'running') limit 1`);
      if (rows.length === 0) break;
      await pause(250);
    }
    await deciding;
    clearTimeout(deadline);

    const figures = await checkInvariants(app, server.url, turns);
    const finishes = turns.map((t) => (t.finishedAt ?? Date.now()) - lastRestartAt);
    const report: ChaosReport = {
      world: options.world,
      kills: options.kills,
      ...figures,
      worstFinishAfterLastRestartMs: Math.max(0, ...finishes),
      slowestRestartMs,
      durationMs: Date.now() - began,
    };
    if (report.violations.length > 0) {
      report.serverLogFile = `test-results/chaos-${options.world}-${prefix}.log`;
      writeFileSync(report.serverLogFile, server.log);
    }
    return report;
  } finally {
    producing = false;
    giveUp.abort();
    lastRestartAt = Math.min(lastRestartAt, Date.now() - options.settleMs);
    await app.end().catch(() => {});
    await server.stop();
    if (process.env.CHAOS_KEEP_DATABASES) log(`kept the databases ${JSON.stringify(databases.env)}`);
    else await databases.drop();
  }
}

/** An approver deciding every request as it appears, the way the harness planned each turn. */
async function decideApprovals(server: AppServer, approver: string, turns: TurnRecord[], going: () => boolean) {
  const decided = new Set<string>();
  while (going()) {
    for (const cookie of [approver]) {
      try {
        const response = await fetch(`${server.url}/api/approvals?status=pending`, { headers: { cookie } });
        if (!response.ok) continue;
        const { approvals } = (await response.json()) as { approvals: { approvalId: string; chatId: string }[] };
        for (const approval of approvals) {
          if (decided.has(approval.approvalId)) continue;
          const turn = turns.find((t) => t.chatId === approval.chatId);
          if (!turn?.plan.decision) continue;
          const answer = await fetch(`${server.url}/api/approvals/${approval.approvalId}`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ decision: turn.plan.decision, reason: 'chaos test' }),
          });
          // 409: someone's decision is already recorded; it is for the server to deliver it.
          if (answer.ok || answer.status === 409) decided.add(approval.approvalId);
        }
      } catch {
        // The server is down: look again in a moment.
      }
    }
    await pause(300);
  }
}

async function createAppDatabase(prefix: string) {
  const name = `${prefix}_app`;
  await adminQuery(`create database ${name}`);
  return {
    env: { DATABASE_URL: databaseUrl(name) } as Record<string, string>,
    drop: () => adminQuery(`drop database if exists ${name} with (force)`).then(() => {}),
  };
}
