import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { titleFromModel } from './name-chat';

function modelAnswering(text: string) {
  return new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 5, text: 5, reasoning: 0 },
      },
      warnings: [],
    }),
  });
}

describe('titleFromModel', () => {
  it("asks the model with the first message and cleans up what it says", async () => {
    const model = modelAnswering('"Broken mug refund, order #1007."');
    expect(await titleFromModel(model, 'The mug from order 1007 arrived broken, please refund it')).toBe('Broken mug refund, order #1007');
    const call = model.doGenerateCalls[0]!;
    expect(JSON.stringify(call.prompt)).toContain('The mug from order 1007 arrived broken');
  });

  it('gives nothing for an empty answer', async () => {
    expect(await titleFromModel(modelAnswering('  '), 'hello')).toBeNull();
  });
});
