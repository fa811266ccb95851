import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { titleFromModel, titleModelId } from './name-chat';

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

describe('titleModelId', () => {
  const gateway = { AI_GATEWAY_API_KEY: 'k', AI_GATEWAY_MODELS: 'openai/gpt-5-mini,anthropic/claude-sonnet-4.5' };

  it('is none with only the demo model, or when turned off', () => {
    expect(titleModelId({})).toBeNull();
    expect(titleModelId({ ...gateway, CHAT_MODEL: 'gateway:anthropic/claude-sonnet-4.5', CHAT_TITLE_MODEL: 'off' })).toBeNull();
    expect(titleModelId({ ...gateway })).toBeNull(); // the default is still the demo model
  });

  it('is the default model when it is a real one, or the one named for titles', () => {
    expect(titleModelId({ ...gateway, CHAT_MODEL: 'gateway:anthropic/claude-sonnet-4.5' })).toBe('gateway:anthropic/claude-sonnet-4.5');
    expect(titleModelId({ ...gateway, CHAT_TITLE_MODEL: 'gateway:openai/gpt-5-mini' })).toBe('gateway:openai/gpt-5-mini');
  });
});
