import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';

type DeltaPart = Extract<LanguageModelV3StreamPart, { type: 'text-delta' | 'reasoning-delta' | 'tool-input-delta' }>;

const isDelta = (part: LanguageModelV3StreamPart): part is DeltaPart =>
  part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-input-delta';

/**
 * Batches a model's deltas into time boxes before they reach the run's stream: every
 * chunk a durable step writes is stored, and a streamed answer otherwise writes one per
 * token. The first delta of each part passes at once (first text as early as before); later
 * ones are joined and let through at most every `windowMs`, and whenever anything else comes
 * (a part ends, a tool call, the finish), so nothing waits longer than the window.
 */
export function coalesceDeltas(windowMs: number): TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart> {
  const pending = new Map<string, DeltaPart>();
  const started = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller!: TransformStreamDefaultController<LanguageModelV3StreamPart>;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const part of pending.values()) controller.enqueue(part);
    pending.clear();
  };

  return new TransformStream({
    start(c) {
      controller = c;
    },
    transform(part) {
      if (windowMs <= 0 || !isDelta(part)) {
        flush();
        controller.enqueue(part);
        return;
      }
      const key = `${part.type}:${part.id}`;
      if (!started.has(key)) {
        started.add(key);
        flush();
        controller.enqueue(part);
        return;
      }
      const waiting = pending.get(key);
      pending.set(key, waiting ? { ...part, delta: waiting.delta + part.delta } : part);
      timer ??= setTimeout(() => {
        try {
          flush();
        } catch {
          // the stream was cancelled meanwhile: nothing left to deliver to
        }
      }, windowMs);
    },
    flush() {
      flush();
    },
  });
}
