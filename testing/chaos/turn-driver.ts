import type { UIMessageChunk } from 'ai';
import { followSse } from './sse';

/** What one simulated person sends, and what they are to decide if it asks for approval. */
export interface TurnPlan {
  kind: 'lookup' | 'note' | 'autoRefund' | 'approvedRefund' | 'rejectedRefund' | 'cancel';
  text: string;
  orderNumber?: number;
  amountCents?: number;
  /** The note's text, for `note`. */
  note?: string;
  decision?: 'approve' | 'reject';
}

export interface TurnRecord {
  plan: TurnPlan;
  chatId: string;
  messageId: string;
  cookie: string;
  runId: string | null;
  /** Every chunk this reader was sent, in order, across reconnects: what a person watching saw. */
  live: UIMessageChunk[];
  finished: boolean;
  sentAt: number;
  finishedAt: number | null;
  attempts: number;
  /** The last thing that went wrong, for the report when a turn never finishes. */
  lastProblem?: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one message and follows its answer to `finish` the way the browser does, whatever
 * the server goes through: a POST that fails is sent again (same message id); a stream that
 * drops is reopened by run id from the number of chunks already read.
 */
export async function driveTurn(baseUrl: () => string, turn: TurnRecord, giveUp: AbortSignal): Promise<void> {
  const headers = { cookie: turn.cookie, 'content-type': 'application/json' };
  const signal = giveUp;
  while (!turn.finished && !giveUp.aborted) {
    turn.attempts++;
    try {
      if (!turn.runId) {
        const response = await fetch(`${baseUrl()}/api/chat`, {
          method: 'POST',
          headers,
          signal,
          body: JSON.stringify({
            id: turn.chatId,
            message: { id: turn.messageId, role: 'user', parts: [{ type: 'text', text: turn.plan.text }] },
          }),
        });
        if (response.ok) {
          turn.runId = response.headers.get('x-workflow-run-id');
          await follow(response, turn);
          continue;
        }
        const body = (await response.json().catch(() => ({}))) as { error?: { activeRunId?: string | null; runId?: string; message?: string } };
        const runId = body.error?.activeRunId ?? body.error?.runId ?? null;
        turn.lastProblem = `POST ${response.status}: ${body.error?.message ?? ''}`;
        if (response.status === 409 && runId) turn.runId = runId;
        else await pause(400); // the chat is still being set up, or the server is starting: ask again
        continue;
      }
      const response = await fetch(`${baseUrl()}/api/chat/${turn.runId}/stream?startIndex=${turn.live.length}`, { headers, signal });
      if (response.status === 200) await follow(response, turn);
      else {
        turn.lastProblem = `GET stream ${response.status}`;
        await pause(300);
      }
    } catch (error) {
      turn.lastProblem = String(error);
      await pause(300); // the server is down: try again
    }
  }
}

async function follow(response: Response, turn: TurnRecord) {
  const finished = await followSse(response, (chunk) => turn.live.push(chunk));
  if (finished) {
    turn.finished = true;
    turn.finishedAt = Date.now();
  }
}
