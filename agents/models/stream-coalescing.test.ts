import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { coalesceDeltas } from './stream-coalescing';

async function run(parts: { part: LanguageModelV3StreamPart; waitMs?: number }[], windowMs: number) {
  const out: { part: LanguageModelV3StreamPart; at: number }[] = [];
  const started = Date.now();
  const input = new ReadableStream<LanguageModelV3StreamPart>({
    async start(controller) {
      for (const { part, waitMs } of parts) {
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        controller.enqueue(part);
      }
      controller.close();
    },
  });
  for await (const part of input.pipeThrough(coalesceDeltas(windowMs)) as unknown as AsyncIterable<LanguageModelV3StreamPart>) {
    out.push({ part, at: Date.now() - started });
  }
  return out;
}

const delta = (delta: string, waitMs = 0) => ({ part: { type: 'text-delta' as const, id: 't', delta }, waitMs });

describe('coalesceDeltas', () => {
  it('sends the first delta at once, joins the rest, and loses no text', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i} `);
    const out = await run(
      [{ part: { type: 'text-start', id: 't' } }, ...words.map((w) => delta(w)), { part: { type: 'text-end', id: 't' } }],
      50,
    );
    const deltas = out.filter((o) => o.part.type === 'text-delta').map((o) => (o.part as { delta: string }).delta);
    expect(deltas[0]).toBe('word0 ');
    expect(deltas.length).toBeLessThanOrEqual(3);
    expect(deltas.join('')).toBe(words.join(''));
    expect(out.at(-1)!.part.type).toBe('text-end');
  });

  it('lets a slow stream through every window, never holding text longer', async () => {
    const out = await run(
      [{ part: { type: 'text-start', id: 't' } }, ...Array.from({ length: 12 }, (_, i) => delta(`w${i} `, 20))],
      50,
    );
    const deltas = out.filter((o) => o.part.type === 'text-delta');
    // 12 words 20 ms apart over ~240 ms: the first alone, then batches about every 50 ms.
    expect(deltas.length).toBeGreaterThanOrEqual(4);
    expect(deltas.length).toBeLessThanOrEqual(8);
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]!.at - deltas[i - 1]!.at).toBeLessThanOrEqual(80);
  });

  it('passes everything as it comes with a zero window', async () => {
    const out = await run([delta('a'), delta('b'), delta('c')], 0);
    expect(out.map((o) => (o.part as { delta: string }).delta)).toEqual(['a', 'b', 'c']);
  });
});
