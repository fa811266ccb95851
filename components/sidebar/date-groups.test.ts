import { describe, expect, it } from 'vitest';
import { dateGroupOf, groupByLastActivity } from './date-groups';

describe('dateGroupOf', () => {
  const now = new Date('2026-03-10T09:00:00Z');

  it('counts calendar days, not 24-hour periods', () => {
    expect(dateGroupOf(new Date('2026-03-10T00:30:00Z'), now, 'UTC')).toBe('Today');
    expect(dateGroupOf(new Date('2026-03-09T23:59:00Z'), now, 'UTC')).toBe('Yesterday');
    expect(dateGroupOf(new Date('2026-03-08T23:59:00Z'), now, 'UTC')).toBe('Previous 7 days');
    expect(dateGroupOf(new Date('2026-03-03T00:01:00Z'), now, 'UTC')).toBe('Previous 7 days');
    expect(dateGroupOf(new Date('2026-03-02T23:59:00Z'), now, 'UTC')).toBe('Older');
  });

  it("uses the viewer's time zone", () => {
    const lateEvening = new Date('2026-03-10T02:00:00Z'); // 10 March in UTC, still 9 March in New York
    expect(dateGroupOf(lateEvening, now, 'UTC')).toBe('Today');
    expect(dateGroupOf(lateEvening, new Date('2026-03-10T15:00:00Z'), 'America/New_York')).toBe('Yesterday');
    expect(dateGroupOf(new Date('2026-03-09T20:00:00Z'), now, 'Asia/Tokyo')).toBe('Today'); // already 10 March there
  });

  it('keeps a chat from a clock slightly ahead in Today', () => {
    expect(dateGroupOf(new Date('2026-03-10T09:00:05Z'), now, 'UTC')).toBe('Today');
  });
});

describe('groupByLastActivity', () => {
  it('keeps the order within a section and leaves empty sections out', () => {
    const chats = [
      { id: 'a', updatedAt: '2026-03-10T08:00:00Z' },
      { id: 'b', updatedAt: '2026-03-10T07:00:00Z' },
      { id: 'c', updatedAt: '2026-01-01T07:00:00Z' },
    ];
    expect(groupByLastActivity(chats, new Date('2026-03-10T09:00:00Z'), 'UTC')).toEqual([
      { group: 'Today', chats: [chats[0], chats[1]] },
      { group: 'Older', chats: [chats[2]] },
    ]);
  });
});
