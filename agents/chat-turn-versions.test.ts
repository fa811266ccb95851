import { describe, expect, it } from 'vitest';
import { currentChatTurnInput, type AnyChatTurnInput } from './chat-turn-versions';

// The workflow's first act on replay: read whatever version of the input the run was started with.

const v1 = { chatId: 'c', userId: 'u', userMessageId: 'm', reservation: 'pending:r', modelId: 'demo', rerunOf: 'wrun_old' };

describe('a stored turn input', () => {
  it('without a version is version 1, read as today’s shape with every field kept', () => {
    expect(currentChatTurnInput(v1)).toEqual({ ...v1, v: 4, toolInputCheck: 'agent' });
  });

  it('of version 2 is read as today’s shape, without the session that asked (it had none)', () => {
    const v2 = { ...v1, v: 2 as const };
    expect(currentChatTurnInput(v2)).toEqual({ ...v1, v: 4, toolInputCheck: 'agent' });
    expect(currentChatTurnInput(v2)).not.toHaveProperty('sessionId');
  });

  it('of version 3 keeps the agent checking tool inputs, as the run first did', () => {
    const v3 = { ...v1, v: 3 as const, sessionId: 's' };
    expect(currentChatTurnInput(v3)).toEqual({ ...v3, v: 4, toolInputCheck: 'agent' });
  });

  it('of version 4 is read as it is: its tools check their own input', () => {
    const v4 = { ...v1, v: 4 as const, sessionId: 's' };
    expect(currentChatTurnInput(v4)).toBe(v4);
  });

  it('of a version this deployment does not know (a rollback) is refused, saying why', () => {
    expect(() => currentChatTurnInput({ ...v1, v: 5 } as unknown as AnyChatTurnInput)).toThrow(
      'This turn was started with input version 5; this deployment reads versions 1 to 4.',
    );
  });
});
