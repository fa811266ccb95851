import { readUIMessageStream, type UIMessageChunk } from 'ai';
import { describe, expect, it } from 'vitest';
import { RetriedStepFilter } from './retried-steps';
import { withoutSupersededSteps } from './stream-repair';

const text = (id: string, ...deltas: string[]): UIMessageChunk[] => [
  { type: 'text-start', id },
  ...deltas.map((delta) => ({ type: 'text-delta' as const, id, delta })),
  { type: 'text-end', id },
];

async function shown(chunks: UIMessageChunk[]): Promise<string> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let last = '';
  for await (const message of readUIMessageStream({ stream })) {
    last = message.parts.map((p) => (p.type === 'text' ? p.text : p.type === 'step-start' ? '|' : '')).join('');
  }
  return last;
}

const live = (chunks: UIMessageChunk[], filter = new RetriedStepFilter()) => chunks.map((chunk) => filter.next(chunk));

describe('a reader following a turn live while a model step runs again', () => {
  // A killed server: the answer's step had streamed "Refunded $3." when it died; it runs again.
  const dead: UIMessageChunk[] = [{ type: 'start-step' }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'Refunded ' }, { type: 'text-delta', id: 't', delta: '$3.' }];
  const again: UIMessageChunk[] = [{ type: 'start-step' }, ...text('t', 'Refunded ', '$3.50 ', 'to Ada.'), { type: 'finish-step' }];
  const stream: UIMessageChunk[] = [{ type: 'start' }, ...dead, ...again, { type: 'finish' }];

  it('sees the answer once, as stored, not the dead attempt and then the new one', async () => {
    const stored = await shown(withoutSupersededSteps(stream));
    expect(stored).toBe('|Refunded $3.50 to Ada.');
    expect(await shown(stream)).toBe('|Refunded $3.|Refunded $3.50 to Ada.'); // what the browser showed before
    expect(await shown(live(stream))).toBe(stored);
  });

  it('gets one chunk for each chunk of the stream, so reconnecting by count stays right', () => {
    expect(live(stream)).toHaveLength(stream.length);
  });

  it('sees the same when it reconnects in the middle, whichever chunk it had last', async () => {
    const stored = await shown(withoutSupersededSteps(stream));
    for (let had = 1; had < stream.length; had++) {
      const before = live(stream.slice(0, had));
      const filter = new RetriedStepFilter();
      for (const chunk of stream.slice(0, had)) filter.next(chunk);
      const after = stream.slice(had).map((chunk) => filter.next(chunk));
      expect(await shown([...before, ...after]), `reconnected after ${had} chunks`).toBe(stored);
    }
  });

  it('leaves steps that follow tool results alone', async () => {
    const tools: UIMessageChunk[] = [
      { type: 'start' },
      { type: 'start-step' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'getOrder', input: {} },
      { type: 'tool-output-available', toolCallId: 'c1', output: {} },
      { type: 'finish-step' },
      { type: 'start-step' },
      ...text('t', 'Order ', '#1007.'),
      { type: 'finish-step' },
      { type: 'finish' },
    ];
    expect(live(tools)).toEqual(tools);
  });

  it('shows what a retried step says differently as a part of its own, with nothing lost', async () => {
    const different: UIMessageChunk[] = [{ type: 'start' }, ...dead, { type: 'start-step' }, ...text('t', 'I refunded ', '$3.50.'), { type: 'finish' }];
    const out = live(different);
    expect(out).toHaveLength(different.length);
    expect(await shown(out)).toBe('|Refunded $3.I refunded $3.50.');
  });
});
