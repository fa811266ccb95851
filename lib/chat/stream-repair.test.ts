import type { UIMessageChunk } from 'ai';
import { describe, expect, it } from 'vitest';
import { assembleMessage } from './run-stream';
import { safeResumeIndex, supersededStepChunks, withoutSupersededSteps } from './stream-repair';

const text = (id: string, ...deltas: string[]): UIMessageChunk[] => [
  { type: 'text-start', id },
  ...deltas.map((delta) => ({ type: 'text-delta' as const, id, delta })),
];
const step = (...chunks: UIMessageChunk[]): UIMessageChunk[] => [{ type: 'start-step' }, ...chunks, { type: 'finish-step' }];
const toolCall = (toolCallId: string): UIMessageChunk => ({
  type: 'tool-input-available',
  toolCallId,
  toolName: 'getOrder',
  input: { orderNumber: 1007 },
});
const toolOutput = (toolCallId: string): UIMessageChunk => ({ type: 'tool-output-available', toolCallId, output: { ok: 1 } });

async function textOf(chunks: UIMessageChunk[]) {
  const message = await assembleMessage(withoutSupersededSteps(chunks));
  return message!.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

describe('superseded model steps', () => {
  it('leaves a clean turn alone', () => {
    const turn: UIMessageChunk[] = [
      { type: 'start', messageId: 'm' },
      ...step(toolCall('c1')),
      toolOutput('c1'),
      ...step(...text('0', 'Hello ', 'there'), { type: 'text-end', id: '0' }),
      { type: 'finish' },
    ];
    expect(supersededStepChunks(turn).size).toBe(0);
  });

  it('drops the partial attempt of a step that died mid-answer and was run again', async () => {
    const turn: UIMessageChunk[] = [
      { type: 'start', messageId: 'm' },
      { type: 'start-step' },
      ...text('0', 'Order ', '#10'), // the server died here
      ...step(...text('0', 'Order ', '#1007 ', 'shipped.'), { type: 'text-end', id: '0' }),
      { type: 'finish' },
    ];
    expect([...supersededStepChunks(turn)]).toEqual([1, 2, 3, 4]);
    expect(await textOf(turn)).toBe('Order #1007 shipped.');
  });

  it('drops a complete attempt whose completion was never recorded', async () => {
    const answer = step(...text('0', 'Done.'), { type: 'text-end', id: '0' });
    const turn: UIMessageChunk[] = [{ type: 'start', messageId: 'm' }, ...answer, ...answer, { type: 'finish' }];
    expect(await textOf(turn)).toBe('Done.');
  });

  it('keeps a tool step followed by its answer, and drops a retried tool call', async () => {
    const turn: UIMessageChunk[] = [
      { type: 'start', messageId: 'm' },
      { type: 'start-step' },
      toolCall('c-dead'),
      ...step(toolCall('c1')),
      toolOutput('c1'),
      ...step(...text('0', 'Found it.'), { type: 'text-end', id: '0' }),
    ];
    const message = await assembleMessage(withoutSupersededSteps(turn));
    expect(message!.parts.filter((p) => p.type === 'tool-getOrder').map((p) => 'toolCallId' in p && p.toolCallId)).toEqual(['c1']);
  });
});

describe('safeResumeIndex', () => {
  const turn: UIMessageChunk[] = [
    { type: 'start', messageId: 'm' }, // 0
    { type: 'start-step' }, // 1
    { type: 'text-start', id: '0' }, // 2
    { type: 'text-delta', id: '0', delta: 'a' }, // 3
    { type: 'text-delta', id: '0', delta: 'b' }, // 4
    { type: 'text-end', id: '0' }, // 5
    { type: 'finish-step' }, // 6
    { type: 'finish' }, // 7
  ];

  it('moves a position inside an open text part back to where the part starts', () => {
    expect(safeResumeIndex(turn, 0, 4)).toBe(2);
    expect(safeResumeIndex(turn, 0, 3)).toBe(2);
  });

  it('keeps a position between parts', () => {
    expect(safeResumeIndex(turn, 0, 6)).toBe(6);
    expect(safeResumeIndex(turn, 0, 7)).toBe(7);
    expect(safeResumeIndex(turn, 0, 2)).toBe(2);
  });

  it('works on a window that starts later in the stream', () => {
    expect(safeResumeIndex(turn.slice(1), 1, 5)).toBe(2);
  });
});
