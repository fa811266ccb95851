import { readUIMessageStream, type UIMessageChunk } from 'ai';
import { getRun } from 'workflow/api';
import { WorkflowRunNotFoundError } from 'workflow/errors';
import { getWorld } from 'workflow/runtime';
import { getRunArchive } from '@/db/queries/archives';
import { RetriedStepFilter, withoutRepeatedSteps } from './retried-steps';
import { PLACEHOLDER_CHUNK, safeResumeIndex, supersededStepChunks, withoutSupersededSteps } from './stream-repair';
import type { ChatMessage } from './types';

const TERMINAL_RUN_STATUSES = ['completed', 'failed', 'cancelled'] as const;

/** The world's view of a run: its status, or 'missing' when the world has no such run. */
export async function workflowRunStatus(runId: string) {
  try {
    return (await getWorld().runs.get(runId, { resolveData: 'none' })).status;
  } catch (error) {
    if (WorkflowRunNotFoundError.is(error)) return 'missing' as const;
    throw error;
  }
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status) || status === 'missing';
}

/**
 * Makes sure a stream a client reads ends with `finish`. WorkflowChatTransport asks again,
 * at once and forever, when a stream ends without one; a run that crashed, was cancelled,
 * or whose finish lies before the requested index must still tell the client it is over.
 */
export function ensureFinishChunk(): TransformStream<UIMessageChunk, UIMessageChunk> {
  let finished = false;
  return new TransformStream({
    transform(chunk, controller) {
      if (chunk.type === 'finish') finished = true;
      controller.enqueue(chunk);
    },
    flush(controller) {
      if (!finished) controller.enqueue({ type: 'finish' });
    },
  });
}

export interface RunStream {
  stream: ReadableStream<UIMessageChunk>;
  /** Index of the last chunk written so far; -1 when none. */
  tailIndex: number;
}

/**
 * Opens a run's UI message stream from `startIndex`. A negative index reads only the tail,
 * from a part boundary at or before it (the tail-index header accounts for the difference).
 * A live run's reader follows the stream (an index past the end waits for the next chunk);
 * an ended run's reader gets what was written, then `finish` (a stopped run's stream is
 * never closed by the world, so nobody must wait on it). A replay from the start leaves
 * out model steps that a crash or retry superseded. Never hangs on a run the world does
 * not know.
 */
export async function openRunStream(runId: string, startIndex = 0): Promise<RunStream> {
  const archived = await getRunArchive(runId);
  const status = archived ? archived.worldStatus : await workflowRunStatus(runId);
  if (status === 'missing') return { stream: finishOnly(), tailIndex: -1 };
  if (isTerminal(status)) {
    const all = archived ? (archived.chunks as UIMessageChunk[]) : await readWrittenChunks(runId);
    if (startIndex < 0) {
      const from = safeResumeIndex(all, 0, Math.max(0, all.length + startIndex));
      const rest = fromChunks(all.slice(from)).pipeThrough(withoutRepeatedSteps(all.slice(0, from)));
      return { stream: rest.pipeThrough(ensureFinishChunk()), tailIndex: tailHeaderFor(from, startIndex) };
    }
    if (startIndex > 0) {
      // A reader that has a prefix (it followed live, then lost the connection) gets the rest
      // as a continuation of what it shows, retried steps included.
      const rest = fromChunks(all.slice(startIndex)).pipeThrough(withoutRepeatedSteps(all.slice(0, startIndex)));
      return { stream: rest.pipeThrough(ensureFinishChunk()), tailIndex: all.length - 1 };
    }
    const superseded = supersededStepChunks(all);
    const chunks = all.map((chunk, i) => (superseded.has(i) ? PLACEHOLDER_CHUNK : chunk));
    return { stream: fromChunks(chunks).pipeThrough(ensureFinishChunk()), tailIndex: all.length - 1 };
  }

  const run = getRun(runId);
  let readable = run.getReadable<UIMessageChunk>({ startIndex: Math.max(0, startIndex) });
  const tailIndex = await readable.getTailIndex();
  const count = tailIndex + 1;
  if (startIndex < 0) {
    // Only the tail: join at a safe part boundary at or before the requested position.
    await readable.cancel();
    const target = Math.max(0, count + startIndex);
    const windowStart = Math.max(0, target - RESUME_LOOKBACK);
    const window = await readWrittenChunks(runId, windowStart, target - 1);
    const from = safeResumeIndex(window, windowStart, target);
    readable = run.getReadable<UIMessageChunk>({ startIndex: from });
    const delivered = await readWrittenChunks(runId, 0, from - 1);
    return { stream: readable.pipeThrough(withoutRepeatedSteps(delivered)).pipeThrough(ensureFinishChunk()), tailIndex: tailHeaderFor(from, startIndex) };
  }
  if (startIndex > count) {
    await readable.cancel();
    readable = run.getReadable<UIMessageChunk>({ startIndex: count });
  }
  if (startIndex === 0) return { stream: (await replayWithoutSupersededSteps(readable, count)).pipeThrough(ensureFinishChunk()), tailIndex };
  const delivered = await readWrittenChunks(runId, 0, Math.min(startIndex, count) - 1);
  return { stream: readable.pipeThrough(withoutRepeatedSteps(delivered)).pipeThrough(ensureFinishChunk()), tailIndex };
}

/** How far back a tail reconnect looks for a part boundary. */
const RESUME_LOOKBACK = 200;

/**
 * The tail-index header for a negative reconnect that starts at `from`: WorkflowChatTransport
 * takes `tail + 1 + startIndex` as the index of the first chunk it gets, so this makes that
 * equal `from` (which may be before the requested position, at a part boundary).
 */
function tailHeaderFor(from: number, startIndex: number): number {
  return from - 1 - startIndex;
}

/** Reads the `written` chunks already in the stream, masks superseded steps, then follows it live. */
async function replayWithoutSupersededSteps(
  readable: ReadableStream<UIMessageChunk>,
  written: number,
): Promise<ReadableStream<UIMessageChunk>> {
  const reader = readable.getReader();
  const alreadyWritten: UIMessageChunk[] = [];
  while (alreadyWritten.length < written) {
    const { done, value } = await reader.read();
    if (done) break;
    alreadyWritten.push(value);
  }
  const superseded = supersededStepChunks(alreadyWritten);
  // What is written so far is replayed with dead attempts masked; what follows live goes on
  // as a continuation of it (a step that runs again from here repeats nothing).
  const live = new RetriedStepFilter();
  for (const chunk of alreadyWritten) live.next(chunk);
  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      alreadyWritten.forEach((chunk, index) => controller.enqueue(superseded.has(index) ? PLACEHOLDER_CHUNK : chunk));
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(live.next(value));
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function fromChunks(chunks: UIMessageChunk[]): ReadableStream<UIMessageChunk> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const finishOnly = () => fromChunks([{ type: 'finish' }]);

/** Reads the chunks a run has written so far, from `startIndex` to `endIndex` (inclusive); never waits. */
export async function readWrittenChunks(runId: string, startIndex = 0, endIndex = Infinity): Promise<UIMessageChunk[]> {
  const readable = getRun(runId).getReadable<UIMessageChunk>({ startIndex });
  const tailIndex = Math.min(await readable.getTailIndex(), endIndex);
  const chunks: UIMessageChunk[] = [];
  if (startIndex > tailIndex) {
    await readable.cancel();
    return chunks;
  }
  const reader = readable.getReader();
  try {
    while (chunks.length <= tailIndex - startIndex) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return chunks;
}

/** How much a turn did, as its answer shows it: model calls and tool calls (retries count once). */
export function turnActivity(chunks: UIMessageChunk[]): { modelCalls: number; toolCalls: number } {
  const kept = withoutSupersededSteps(chunks);
  const toolCalls = new Set(kept.flatMap((c) => (c.type === 'tool-input-available' ? [c.toolCallId] : [])));
  return { modelCalls: kept.filter((c) => c.type === 'start-step').length, toolCalls: toolCalls.size };
}

/** Folds UI message chunks into the message they describe, the way the browser does. */
export async function assembleMessage(chunks: UIMessageChunk[]): Promise<ChatMessage | null> {
  const stream = fromChunks(withoutSupersededSteps(chunks));
  let message: ChatMessage | null = null;
  for await (const state of readUIMessageStream<ChatMessage>({ stream, terminateOnError: false })) {
    message = state;
  }
  return message;
}

/** What a running turn has shown so far, as one message: a page rendered mid-answer starts from it. */
export async function partialAnswerOf(runId: string): Promise<ChatMessage | null> {
  try {
    const message = await assembleMessage(await readWrittenChunks(runId));
    return message && message.parts.length > 0 ? message : null;
  } catch {
    return null; // the reader resumes from the start instead
  }
}
