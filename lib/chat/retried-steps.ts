import type { UIMessageChunk } from 'ai';
import { PLACEHOLDER_CHUNK } from './stream-repair';

/**
 * What a reader following a turn live is sent when a model step runs again.
 *
 * A step's chunks are never rolled back: when a step dies (a killed server) and runs again,
 * the stream holds the dead attempt's partial chunks, then the new attempt's, from its
 * `start-step` on. A replay from the start masks the dead attempt (stream-repair.ts), but a
 * reader following live already has it on screen, and the browser appends a second text
 * part: "Refunded $3. Refunded $3.50 to…".
 *
 * So the new attempt is sent as a continuation of what the reader has: its `start-step`
 * and the start of each part the reader already shows become placeholders, its text is
 * held back while it repeats what the reader has, and only what comes after is sent. A
 * retried model call of the demo model (deterministic) then reads exactly as the stored
 * answer. A real model may say something else the second time: from the first word that
 * differs, the new attempt's part is sent as a new part (the reader sees both until the
 * turn ends and the chat shows the stored answer).
 *
 * Every chunk in becomes exactly one chunk out, so a reader's chunk count stays the
 * stream's index (reconnects resume by it).
 */
interface PartView {
  text: string;
  ended: boolean;
}

type PartChunk = Extract<UIMessageChunk, { type: `${'text' | 'reasoning'}-${'start' | 'delta' | 'end'}` }>;

const isPartChunk = (chunk: UIMessageChunk): chunk is PartChunk => /^(text|reasoning)-(start|delta|end)$/.test(chunk.type);

export class RetriedStepFilter {
  private stepOpen = false;
  private sawToolOutput = false;
  /** What the reader shows of the current step, part by part (`text:<id>`, `reasoning:<id>`). */
  private shown = new Map<string, PartView>();
  /** While a new attempt repeats a dead one: the dead attempt's parts the reader shows. */
  private dead = new Map<string, PartView>();
  /** The new attempt's text so far, for parts still being compared with the dead attempt's. */
  private repeated = new Map<string, string>();
  /** Parts that said something else the second time, sent under a new id; text still to send. */
  private renamed = new Map<string, { id: string; pending: string }>();
  private renames = 0;

  /** The chunk to send in place of `chunk`. */
  next(chunk: UIMessageChunk): UIMessageChunk {
    if (chunk.type === 'start-step') return this.startStep(chunk);
    if (chunk.type === 'tool-output-available' || chunk.type === 'tool-output-error') this.sawToolOutput = true;
    if (!isPartChunk(chunk)) return chunk;
    const [kind, phase] = chunk.type.split('-') as ['text' | 'reasoning', 'start' | 'delta' | 'end'];
    const key = `${kind}:${chunk.id}`;

    const renamed = this.renamed.get(key);
    if (renamed) return this.sendRenamed(chunk, phase, renamed);
    const dead = this.dead.get(key);
    if (!dead) return this.send(chunk, key, phase);

    if (phase === 'start') {
      this.repeated.set(key, '');
      return PLACEHOLDER_CHUNK;
    }
    if (phase === 'end') {
      this.dead.delete(key);
      if (dead.ended) return PLACEHOLDER_CHUNK;
      return this.send(chunk, key, phase);
    }
    const sofar = (this.repeated.get(key) ?? '') + (chunk as { delta: string }).delta;
    this.repeated.set(key, sofar);
    if (dead.text.startsWith(sofar)) return PLACEHOLDER_CHUNK;
    if (!dead.ended && sofar.startsWith(dead.text)) {
      this.dead.delete(key);
      return this.send({ ...chunk, delta: sofar.slice(dead.text.length) } as PartChunk, key, phase);
    }
    // Said differently this time: from here on, a part of its own.
    this.dead.delete(key);
    const id = `${chunk.id}~retry${++this.renames}`;
    this.renamed.set(key, { id, pending: sofar });
    return { type: `${kind}-start`, id } as PartChunk;
  }

  private startStep(chunk: UIMessageChunk): UIMessageChunk {
    const superseded = this.stepOpen && !this.sawToolOutput;
    this.stepOpen = true;
    this.sawToolOutput = false;
    this.repeated.clear();
    this.renamed.clear();
    if (!superseded) {
      this.shown = new Map();
      this.dead = new Map();
      return chunk;
    }
    // The step runs again: the reader keeps what it shows; the new attempt continues it.
    this.dead = new Map([...this.shown].map(([key, view]) => [key, { ...view }]));
    return PLACEHOLDER_CHUNK;
  }

  private send(chunk: PartChunk, key: string, phase: 'start' | 'delta' | 'end'): UIMessageChunk {
    const view = this.shown.get(key) ?? { text: '', ended: false };
    if (phase === 'start') this.shown.set(key, { text: '', ended: false });
    else if (phase === 'delta') this.shown.set(key, { ...view, text: view.text + (chunk as { delta: string }).delta });
    else this.shown.set(key, { ...view, ended: true });
    return chunk;
  }

  private sendRenamed(chunk: PartChunk, phase: 'start' | 'delta' | 'end', renamed: { id: string; pending: string }): UIMessageChunk {
    const kind = chunk.type.split('-')[0];
    if (phase === 'start') return PLACEHOLDER_CHUNK;
    const pending = renamed.pending;
    renamed.pending = '';
    if (phase === 'delta') return { ...chunk, id: renamed.id, delta: pending + (chunk as { delta: string }).delta } as PartChunk;
    // The part ends: what is still held back goes out in its place.
    return pending ? ({ type: `${kind}-delta`, id: renamed.id, delta: pending } as PartChunk) : ({ ...chunk, id: renamed.id } as PartChunk);
  }
}

/**
 * The live stream for one reader. `delivered` are the chunks the reader already has (a
 * reconnect from index N passes the first N), so the filter knows what it shows.
 */
export function withoutRepeatedSteps(delivered: readonly UIMessageChunk[] = []): TransformStream<UIMessageChunk, UIMessageChunk> {
  const filter = new RetriedStepFilter();
  for (const chunk of delivered) filter.next(chunk);
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(filter.next(chunk));
    },
  });
}
