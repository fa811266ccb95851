/** The sidebar's sections, by a chat's last activity, in the viewer's own calendar. */
export const DATE_GROUPS = ['Today', 'Yesterday', 'Previous 7 days', 'Older'] as const;
export type DateGroup = (typeof DATE_GROUPS)[number];

/** The calendar day of an instant in a time zone, as a day count (so days subtract). */
function dayNumber(at: Date, timeZone: string): number {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return Date.UTC(year!, month! - 1, day!) / 86_400_000;
}

export function dateGroupOf(updatedAt: Date, now: Date, timeZone: string): DateGroup {
  const daysAgo = dayNumber(now, timeZone) - dayNumber(updatedAt, timeZone);
  if (daysAgo <= 0) return 'Today';
  if (daysAgo === 1) return 'Yesterday';
  if (daysAgo <= 7) return 'Previous 7 days';
  return 'Older';
}

/** Chats (newest first) in their sections, in order; empty sections are left out. */
export function groupByLastActivity<T extends { updatedAt: string }>(chats: T[], now: Date, timeZone: string): { group: DateGroup; chats: T[] }[] {
  const byGroup = new Map<DateGroup, T[]>();
  for (const chat of chats) {
    const group = dateGroupOf(new Date(chat.updatedAt), now, timeZone);
    byGroup.set(group, [...(byGroup.get(group) ?? []), chat]);
  }
  return DATE_GROUPS.filter((group) => byGroup.has(group)).map((group) => ({ group, chats: byGroup.get(group)! }));
}
