import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import type { Client } from 'pg';
import { followSse } from './sse';
import type { TurnRecord } from './turn-driver';
import { CHAOS_FIRST_ORDER } from './workload';

/** A message reduced to what a person reads: its text, each tool call's outcome, each approval's state. */
export function visibleContent(message: Pick<UIMessage, 'parts'> | null | undefined): string[] {
  if (!message) return [];
  const lines: string[] = [];
  let text = '';
  const flush = () => {
    if (text.trim()) lines.push(`text: ${text.trim()}`);
    text = '';
  };
  for (const part of message.parts) {
    if (part.type === 'text') {
      text += part.text;
      continue;
    }
    if (part.type.startsWith('tool-')) {
      flush();
      const tool = part as { toolCallId: string; state: string; output?: unknown; errorText?: string };
      lines.push(`${part.type} ${tool.toolCallId} ${tool.state} ${canonicalJson(tool.output ?? tool.errorText ?? null)}`);
    } else if (part.type === 'data-approval') {
      flush();
      const approval = (part as { data: { approvalId: string; status: string } }).data;
      lines.push(`approval ${approval.approvalId} ${approval.status}`);
    }
  }
  flush();
  return lines;
}

/** JSON with object keys sorted: the database (jsonb) does not keep the order they were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export async function assemble(chunks: UIMessageChunk[]): Promise<UIMessage | null> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let message: UIMessage | null = null;
  for await (const state of readUIMessageStream({ stream, terminateOnError: false })) message = state;
  return message;
}

export interface ChaosFigures {
  turns: number;
  finished: number;
  completed: number;
  failed: number;
  /** Runs the world or the app still counts as running after the deadline. */
  stuck: number;
  /** Sent messages not stored, or stored without an answer. */
  lost: number;
  notes: number;
  refunds: number;
  cancels: number;
  violations: string[];
}

/**
 * Checks what the crash test promises, in the database and through the API: every sent
 * message stored once with one answer, every run ended, every intended effect exactly once,
 * each order's refunded total exact, the stream's replay and what the live reader saw both
 * equal to the stored answer.
 */
export async function checkInvariants(app: Client, baseUrl: string, turns: TurnRecord[]): Promise<ChaosFigures> {
  const violations: string[] = [];
  const figures: ChaosFigures = { turns: turns.length, finished: 0, completed: 0, failed: 0, stuck: 0, lost: 0, notes: 0, refunds: 0, cancels: 0, violations };

  const { rows: running } = await app.query<{ id: string }>(`select id from runs where status in ('queued', 'running')`);
  figures.stuck = running.length;
  for (const run of running) violations.push(`run ${run.id} is still running`);

  for (const turn of turns) {
    const where = `turn "${turn.plan.text}" (chat ${turn.chatId})`;
    if (turn.finished) figures.finished++;
    else violations.push(`${where}: the live reader never got finish (run ${turn.runId}, ${turn.live.length} chunks, ${turn.attempts} attempts, last: ${turn.lastProblem})`);
    const { rows: messages } = await app.query<{ id: string; role: string; parts: UIMessage['parts']; metadata: { status?: string } | null; run_id: string | null }>(
      `select id, role, parts, metadata, run_id from messages where chat_id = $1 order by seq`,
      [turn.chatId],
    );
    const mine = messages.filter((m) => m.id === turn.messageId);
    const answers = messages.filter((m) => m.role === 'assistant');
    if (mine.length !== 1 || answers.length !== 1 || messages[0]?.id !== turn.messageId) {
      figures.lost++;
      violations.push(`${where}: ${mine.length} stored user message(s) and ${answers.length} answer(s)`);
      continue;
    }
    const answer = answers[0]!;
    const status = answer.metadata?.status;
    if (status === 'completed') figures.completed++;
    else {
      figures.failed++;
      violations.push(`${where}: the answer is ${status}`);
    }
    const stored = visibleContent({ parts: answer.parts });
    const live = visibleContent(await assemble(turn.live));
    if (JSON.stringify(live) !== JSON.stringify(stored)) {
      violations.push(`${where}: the live reader saw\n  ${live.join('\n  ')}\nbut the stored answer is\n  ${stored.join('\n  ')}`);
    }
    const replay = await replayOf(baseUrl, turn, answer.run_id);
    if (JSON.stringify(replay) !== JSON.stringify(stored)) {
      violations.push(`${where}: the replay shows\n  ${replay.join('\n  ')}\nbut the stored answer is\n  ${stored.join('\n  ')}`);
    }
  }

  await checkEffects(app, turns, figures);
  return figures;
}

async function replayOf(baseUrl: string, turn: TurnRecord, runId: string | null): Promise<string[]> {
  if (!runId) return ['(no run)'];
  const response = await fetch(`${baseUrl}/api/chat/${runId}/stream?startIndex=0`, { headers: { cookie: turn.cookie } });
  const chunks: UIMessageChunk[] = [];
  if (response.ok) await followSse(response, (chunk) => chunks.push(chunk));
  return visibleContent(await assemble(chunks));
}

async function checkEffects(app: Client, turns: TurnRecord[], figures: ChaosFigures) {
  const { violations } = figures;
  for (const turn of turns) {
    const { plan } = turn;
    const where = `turn "${plan.text}"`;
    if (plan.kind === 'note') {
      const { rows } = await app.query(`select 1 from order_notes where order_number = $1 and body = $2`, [plan.orderNumber, plan.note]);
      figures.notes += rows.length;
      if (rows.length !== 1) violations.push(`${where}: ${rows.length} notes`);
    }
    if (plan.kind === 'autoRefund' || plan.kind === 'approvedRefund' || plan.kind === 'rejectedRefund') {
      const expected = plan.kind === 'rejectedRefund' ? 0 : 1;
      const { rows } = await app.query(`select 1 from refunds where order_number = $1 and amount_cents = $2`, [plan.orderNumber, plan.amountCents]);
      const { rows: paid } = await app.query(`select 1 from payment_provider_refunds where order_number = $1 and amount_cents = $2`, [plan.orderNumber, plan.amountCents]);
      figures.refunds += rows.length;
      if (rows.length !== expected || paid.length !== expected) {
        violations.push(`${where}: ${rows.length} refund(s) recorded, ${paid.length} paid at the provider, expected ${expected}`);
      }
    }
    if (plan.kind === 'cancel') {
      const { rows } = await app.query<{ status: string; refunded_cents: number; total_cents: number }>(
        `select status, refunded_cents, total_cents from orders where number = $1`,
        [plan.orderNumber],
      );
      const { rows: paid } = await app.query(`select 1 from payment_provider_refunds where order_number = $1`, [plan.orderNumber]);
      if (rows[0]?.status === 'cancelled') figures.cancels++;
      if (rows[0]?.status !== 'cancelled' || rows[0].refunded_cents !== rows[0].total_cents || paid.length !== 1) {
        violations.push(`${where}: order is ${rows[0]?.status}, refunded ${rows[0]?.refunded_cents} of ${rows[0]?.total_cents}, ${paid.length} provider refund(s)`);
      }
    }
  }
  // Every chaos order's books balance: what it says it refunded, what was recorded, what the provider paid.
  const { rows } = await app.query<{ number: number; refunded_cents: number; recorded: string | null; paid: string | null }>(
    `select o.number, o.refunded_cents,
            (select sum(amount_cents) from refunds r where r.order_number = o.number) as recorded,
            (select sum(amount_cents) from payment_provider_refunds p where p.order_number = o.number) as paid
     from orders o where o.number >= $1`,
    [CHAOS_FIRST_ORDER],
  );
  for (const row of rows) {
    const recorded = Number(row.recorded ?? 0);
    const paid = Number(row.paid ?? 0);
    if (row.refunded_cents !== recorded || recorded !== paid) {
      violations.push(`order #${row.number}: refunded ${row.refunded_cents}, recorded ${recorded}, paid at the provider ${paid}`);
    }
  }
}
