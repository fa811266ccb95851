import { describe, expect, it } from 'vitest';
import { isEventCursor } from './event-cursor';

describe('isEventCursor', () => {
  it('takes what the local and the Postgres worlds give out', () => {
    expect(isEventCursor('2026-11-30T13:20:21.123Z|evnt_01KB2Z3Y4X5W6V7T8S9R0QPNMK')).toBe(true);
    expect(isEventCursor('wevt_01KB2Z3Y4X5W6V7T8S9R0QPNMK')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const cursor of ['garbage', 'wevt_short', '2026-13-45T99:99:99.999Z|wevt_01KB2Z3Y4X5W6V7T8S9R0QPNMK', "wevt_01KB2Z3Y4X5W6V7T8S9R0QPNMK' or 1=1", '']) {
      expect(isEventCursor(cursor)).toBe(false);
    }
  });
});
