import { describe, expect, it } from 'vitest';
import { describeStepError } from './step-errors';

describe('describeStepError', () => {
  it('drops the FatalError prefix of a step that failed for good', () => {
    expect(describeStepError(new Error('FatalError: Order #9999 does not exist.'))).toBe('Order #9999 does not exist.');
  });

  it('keeps the cause of a step that ran out of retries and counts its attempts', () => {
    const error = new Error('FatalError: Step "step//@workflow/ai@4.2.1//doStreamStep" failed after 3 retries: Error: boom');
    expect(describeStepError(error)).toBe('boom (gave up after 4 attempts)');
  });

  it('leaves other messages alone', () => {
    expect(describeStepError('plain text')).toBe('plain text');
  });
});
