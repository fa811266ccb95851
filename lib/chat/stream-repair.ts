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
