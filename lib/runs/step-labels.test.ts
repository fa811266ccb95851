import { describe, expect, it } from 'vitest';
import { describeStep } from './step-labels';

describe('describeStep', () => {
  it('names the steps a run page shows, by the step function behind them', () => {
    expect(describeStep('step//./tools/get-order//executeGetOrder')).toEqual({ name: 'executeGetOrder', label: 'Tool: Look up order', category: 'tool' });
    expect(describeStep('step//@workflow/ai//doStreamStep')).toMatchObject({ label: 'Model call', category: 'model' });
    expect(describeStep('step//./agents/models/registry//modelFactory/_anonymousStep0')).toMatchObject({ name: 'modelFactory', label: 'Load model' });
  });

  it('shows a step it does not know by its function name', () => {
    expect(describeStep('step//./lib/somewhere//doSomethingNew')).toEqual({ name: 'doSomethingNew', label: 'doSomethingNew', category: 'other' });
  });
});
