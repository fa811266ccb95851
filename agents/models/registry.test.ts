import { describe, expect, it } from 'vitest';
import { agentModel, availableModels, defaultModelId, findModel } from './registry';

describe('the model registry', () => {
  it('offers only the offline demo model when nothing is configured', () => {
    expect(availableModels({})).toEqual([{ id: 'demo', label: 'Demo model (offline)', provider: 'demo' }]);
    expect(defaultModelId({})).toBe('demo');
  });

  it('adds AI Gateway models when AI_GATEWAY_API_KEY is set', () => {
    const env = { AI_GATEWAY_API_KEY: 'key', AI_GATEWAY_MODELS: 'openai/gpt-5, anthropic/claude-sonnet-4.5' };
    expect(availableModels(env).map((m) => m.id)).toEqual([
      'demo',
      'gateway:openai/gpt-5',
      'gateway:anthropic/claude-sonnet-4.5',
    ]);
    expect(availableModels({ AI_GATEWAY_API_KEY: 'key' }).map((m) => m.id)).toContain('gateway:anthropic/claude-sonnet-4.5');
  });

  it('adds an OpenAI-compatible server when its base URL is set, and CHAT_MODEL picks the default', () => {
    const env = { OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1', OPENAI_COMPATIBLE_MODEL: 'llama3.2', CHAT_MODEL: 'llama3.2' };
    expect(findModel('openai-compatible:llama3.2', env)).toEqual({
      id: 'openai-compatible:llama3.2',
      label: 'llama3.2 (localhost:11434)',
      provider: 'openai-compatible',
    });
    expect(defaultModelId(env)).toBe('openai-compatible:llama3.2');
  });

  it('refuses a CHAT_MODEL that is not configured', () => {
    expect(() => defaultModelId({ CHAT_MODEL: 'gateway:openai/gpt-5' })).toThrow(/not configured/);
  });

  it('hands DurableAgent a step factory for every configured kind of model', () => {
    for (const id of ['demo', 'gateway:openai/gpt-5', 'openai-compatible:x']) {
      expect(typeof agentModel(id, 'wrun_1')).toBe('function');
    }
    expect(() => agentModel('nope', 'wrun_1')).toThrow(/Unknown model/);
  });
});
