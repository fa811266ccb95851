import { AsyncLocalStorage } from 'node:async_hooks';
import { FatalError } from 'workflow';
import { describe, expect, it } from 'vitest';
import { CRASH_ALLOWANCE, separateCrashesFromFailures } from './step-retries';

// The runtime's step registry and step context, as the step route sets them up.
type Step = ((...args: unknown[]) => Promise<unknown>) & { maxRetries?: number };
const registry = () => (globalThis as unknown as Record<symbol, Map<string, Step>>)[Symbol.for('@workflow/core//registeredSteps')]!;
const context = () =>
  ((globalThis as unknown as Record<symbol, AsyncLocalStorage<unknown>>)[Symbol.for('WORKFLOW_STEP_CONTEXT_STORAGE')] ??= new AsyncLocalStorage());
const attemptOf = (stepId: string, step: Step) =>
  context().run({ stepMetadata: { stepId, attempt: 1, stepName: 'x', stepStartedAt: new Date() } }, () => step());

describe('crashes and failures of a step', () => {
  separateCrashesFromFailures();

  it('leave crashes the attempts they need, and keep each step its own retries for failures', () => {
    const model = Object.assign(async () => 'ok', {}) as Step;
    const payment = Object.assign(async () => 'ok', { maxRetries: 5 }) as Step;
    registry().set('step//model', model);
    registry().set('step//payment', payment);
    expect(registry().get('step//model')!.maxRetries).toBe(3 + CRASH_ALLOWANCE);
    expect(registry().get('step//payment')!.maxRetries).toBe(5 + CRASH_ALLOWANCE);
  });

  it('fail for good after the retries of real failures, with the reason, worded like the runtime', async () => {
    let calls = 0;
    registry().set(
      'step//./agents/x//flaky',
      Object.assign(async () => {
        calls++;
        throw new Error('provider unavailable');
      }, {}) as Step,
    );
    const step = registry().get('step//./agents/x//flaky')!;
    for (let i = 0; i < 3; i++) await expect(attemptOf('step_1', step)).rejects.not.toSatisfy(FatalError.is);
    const last = await attemptOf('step_1', step).catch((error: unknown) => error);
    expect(FatalError.is(last)).toBe(true);
    expect((last as Error).message).toBe('Step "step//./agents/x//flaky" failed after 3 retries: provider unavailable');
    expect(calls).toBe(4);
    // Another step of the same function has its own count.
    await expect(attemptOf('step_2', step)).rejects.not.toSatisfy(FatalError.is);
  });

  it('keep counting when a step called inside the failing one succeeds each time (the model factory inside the model call)', async () => {
    registry().set('step//factory', Object.assign(async () => 'model', {}) as Step);
    const factory = registry().get('step//factory')!;
    registry().set(
      'step//call',
      Object.assign(async () => {
        await factory(); // runs in the caller's step context
        throw new Error('500');
      }, {}) as Step,
    );
    const call = registry().get('step//call')!;
    for (let i = 0; i < 3; i++) await expect(attemptOf('step_5', call)).rejects.not.toSatisfy(FatalError.is);
    expect(FatalError.is(await attemptOf('step_5', call).catch((error: unknown) => error))).toBe(true);
  });

  it('pass a FatalError through at once, and count nothing for a success', async () => {
    let fail = true;
    registry().set(
      'step//sometimes',
      Object.assign(async () => {
        if (fail) throw new Error('once');
        return 'done';
      }, {}) as Step,
    );
    const step = registry().get('step//sometimes')!;
    await expect(attemptOf('step_3', step)).rejects.toThrow('once');
    fail = false;
    expect(await attemptOf('step_3', step)).toBe('done');
    registry().set('step//fatal', Object.assign(async () => Promise.reject(new FatalError('declined')), {}) as Step);
    const fatal = await attemptOf('step_4', registry().get('step//fatal')!).catch((error: unknown) => error);
    expect((fatal as Error).message).toBe('declined');
  });
});
