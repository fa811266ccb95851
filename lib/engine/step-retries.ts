import { FatalError, getStepMetadata } from 'workflow';

/**
 * Crashes are not failures. The runtime counts a step's attempts by its starts: a step that
 * was running when its server died starts again as its next attempt, so a turn that crosses
 * a few kills ran out of retries ("doStreamStep exceeded max retries") with a half answer,
 * though nothing ever failed.
 *
 * So every registered step gets two budgets: the runtime's attempt cap is raised by
 * `CRASH_ALLOWANCE` (what crashes may use), and the step's own retry count (its `maxRetries`,
 * 3 by default) is kept for real failures, counted here as they are thrown: past it the step
 * fails for good with a FatalError worded like the runtime's own. A count lives in this
 * process only, which is the point: a crash takes it along.
 *
 * Installed at server start (instrumentation.ts), before any step module registers, on the
 * runtime's step registry (a process-wide map on globalThis, `@workflow/core` private.js).
 */
export const CRASH_ALLOWANCE = 20;
const DEFAULT_STEP_RETRIES = 3;
const REGISTRY = Symbol.for('@workflow/core//registeredSteps');
const INSTALLED = Symbol.for('chat-app.step-retries');
const BUDGETED = Symbol.for('chat-app.step-retries.budgeted');

type StepFunction = ((...args: unknown[]) => Promise<unknown>) & { maxRetries?: number; stepId?: string; [BUDGETED]?: true };
type Registry = Map<string, StepFunction> & { [INSTALLED]?: true };

const failures = new Map<string, number>();

export function separateCrashesFromFailures(): void {
  const global = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  const registry = (global[REGISTRY] ??= new Map() as Registry);
  if (registry[INSTALLED]) return;
  registry[INSTALLED] = true;
  const set = registry.set.bind(registry);
  registry.set = (stepId: string, step: StepFunction) => set(stepId, withFailureBudget(stepId, step));
  for (const [stepId, step] of registry) set(stepId, withFailureBudget(stepId, step));
}

function withFailureBudget(stepId: string, step: StepFunction): StepFunction {
  if (step[BUDGETED]) return step;
  const retries = step.maxRetries ?? DEFAULT_STEP_RETRIES;
  const budgeted = async function (this: unknown, ...args: unknown[]) {
    // Keyed by function too: a step called inside another (the model factory inside the model
    // call) runs in its caller's step context, and its success must not clear the caller's count.
    const attempt = `${stepId} ${getStepMetadata().stepId}`;
    try {
      const result = await step.apply(this, args);
      failures.delete(attempt);
      return result;
    } catch (error) {
      if (FatalError.is(error)) {
        failures.delete(attempt);
        throw error;
      }
      const failed = (failures.get(attempt) ?? 0) + 1;
      if (failed <= retries) {
        failures.set(attempt, failed);
        throw error;
      }
      failures.delete(attempt);
      const cause = error instanceof Error ? error.message : String(error);
      throw new FatalError(`Step "${stepId}" failed after ${retries} ${retries === 1 ? 'retry' : 'retries'}: ${cause}`);
    }
  } as StepFunction;
  Object.assign(budgeted, step);
  budgeted.maxRetries = retries + CRASH_ALLOWANCE;
  budgeted.stepId = stepId;
  budgeted[BUDGETED] = true;
  return budgeted;
}
