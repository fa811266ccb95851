import { describe, expect, it } from 'vitest';
import { cleanTitle, MAX_TITLE_CHARS, titleFromMessage } from './title';

describe('titleFromMessage', () => {
  it('keeps a short message as it is', () => {
    expect(titleFromMessage('Where is order 1002?')).toBe('Where is order 1002?');
    expect(titleFromMessage('  Show shipped\n orders ')).toBe('Show shipped orders');
  });

  it('drops a greeting or a polite opening', () => {
    expect(titleFromMessage('Hi there, where is order 1007?')).toBe('Where is order 1007?');
    expect(titleFromMessage('Could you please cancel order 1004')).toBe('Cancel order 1004');
  });

  it('keeps the first words of a long message and names the order it is about', () => {
    expect(titleFromMessage('My customer says the parcel never arrived and she is upset, it was order 1009')).toBe(
      'My customer says the parcel never… · #1009',
    );
    expect(titleFromMessage('Refund $20 of order 1007 because the mug arrived broken')).toBe('Refund $20 of order 1007 because…');
  });

  it('names the customer by email when no order is given', () => {
    expect(titleFromMessage('What do we know about the customer whose email is grace@example.com')).toBe(
      'What do we know about the… · grace@example.com',
    );
  });

  it('never gets longer than a title may be', () => {
    expect(titleFromMessage('x'.repeat(300)).length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(titleFromMessage('hello')).toBe('hello');
  });
});

describe('cleanTitle', () => {
  it('takes what a model wraps around a title away', () => {
    expect(cleanTitle('"Refund for order #1007."\n')).toBe('Refund for order #1007');
    expect(cleanTitle('Title: Late parcel for Grace')).toBe('Late parcel for Grace');
  });
});
