/** An event's id: a ULID, `evnt_…` in the local world, `wevt_…` in the Postgres world. */
const EVENT_ID = '(?:evnt|wevt)_[0-9A-HJKMNP-TV-Z]{26}';
/** The local world's cursor is `<ISO time>|<event id>`; the Postgres world's is the event id. */
const EVENT_CURSOR = new RegExp(`^(?:(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)\\|)?${EVENT_ID}$`);

/**
 * True for a cursor a world's event list could have given out. Anything else would reach
 * the world's own parsing (an invalid date, a SQL comparison) and answer a wrong page or fail.
 */
export function isEventCursor(cursor: string): boolean {
  const match = EVENT_CURSOR.exec(cursor);
  if (!match) return false;
  return match[1] === undefined || !Number.isNaN(new Date(match[1]).getTime());
}
