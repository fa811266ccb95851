import type { UIMessageChunk } from 'ai';

/**
 * Finds the chunks of model steps that were superseded by a retry of the same step.
 *
 * A step's chunks are written as it streams and are never rolled back, so when a model
 * step dies (a crash, a killed server, a provider error mid-answer) and the runtime runs it
 * again, the stream holds the dead attempt's partial chunks followed by the new attempt's.
 * A step was superseded when the next `start-step` arrives before any tool output: a real
 * next step only starts after the previous step's tool results were written.
 */
export function supersededStepChunks(chunks: readonly UIMessageChunk[]): Set<number> {
  const superseded = new Set<number>();
  let stepStart = -1;
  let sawToolOutput = false;
  chunks.forEach((chunk, index) => {
    if (chunk.type === 'start-step') {
      if (stepStart >= 0 && !sawToolOutput) {
        for (let i = stepStart; i < index; i++) superseded.add(i);
      }
      stepStart = index;
      sawToolOutput = false;
    } else if (chunk.type === 'tool-output-available' || chunk.type === 'tool-output-error') {
      sawToolOutput = true;
    }
  });
  return superseded;
}

export function withoutSupersededSteps(chunks: readonly UIMessageChunk[]): UIMessageChunk[] {
  const superseded = supersededStepChunks(chunks);
  return chunks.filter((_, index) => !superseded.has(index));
}

/**
 * Stands in for a dropped chunk in a replay, so the client's chunk count still matches
 * the server's stream index (reconnects resume by that count). Transient data chunks
 * never become part of a message.
 */
export const PLACEHOLDER_CHUNK: UIMessageChunk = { type: 'data-superseded', data: null, transient: true };

/**
 * The latest position at or before `target` where a reader can join the stream without
 * landing inside a text, reasoning or tool-input part (the UI rejects a delta whose part it
 * never saw start). `window` holds the chunks just before `target`, starting at `windowStart`.
 * A `start-step` is always safe; from the last one, walk forward while no part is open.
 */
export function safeResumeIndex(window: readonly UIMessageChunk[], windowStart: number, target: number): number {
  const lastStepStart = window.findLastIndex((chunk, i) => chunk.type === 'start-step' && windowStart + i <= target);
  let safe = lastStepStart >= 0 ? windowStart + lastStepStart : windowStart;
  const open = new Set<string>();
  for (let index = safe; index < target; index++) {
    const chunk = window[index - windowStart];
    if (!chunk) break;
    switch (chunk.type) {
      case 'text-start':
      case 'reasoning-start':
        open.add(`${chunk.type.split('-')[0]}:${chunk.id}`);
        break;
      case 'text-end':
      case 'reasoning-end':
        open.delete(`${chunk.type.split('-')[0]}:${chunk.id}`);
        break;
      case 'tool-input-start':
        open.add(`tool:${chunk.toolCallId}`);
        break;
      case 'tool-input-available':
      case 'tool-input-error':
        open.delete(`tool:${chunk.toolCallId}`);
        break;
    }
    if (open.size === 0) safe = index + 1;
  }
  return safe;
}
