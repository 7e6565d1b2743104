// The API's instants are RFC 3339 in UTC ("2026-12-02T06:38:46.123Z"); calendar dates are plain
// "2026-12-02". Older answers cached by the browser may still lack the offset: read those as UTC
// too, never as local time.
export function instant(s: string): Date {
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`);
}

/** A calendar date at noon local time, so that no time zone moves it to the day before. */
export function calendarDate(s: string): Date {
  return s.length === 10 ? new Date(`${s}T12:00:00`) : instant(s);
}
