// Building an Intl formatter is costly (it loads locale and time-zone data) and formatting is not: make
// each once. A page listing 600 returns formats a thousand or more dates.
const UK_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
const UK_LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
const UK_TIME = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: "Europe/London" });

/**
 * Deadlines are whole days in England: a return submitted at 00:30 BST on the day after the due date
 * is late, even though it is still the due date in UTC. Timestamps are stored in UTC.
 */
export function ukDateOf(isoTimestamp: string): string {
  // England's offset from UTC is a whole hour (0 or +1) and changes only on the hour, so every instant of
  // one UTC hour falls on the same UK day: each hour's answer is kept, which spares the formatter for the
  // hundreds of timestamps a report or a dashboard shows and for "today" asked on every request. Only a
  // UTC timestamp ("…Z") is looked up or kept: an offset of its own would shift which hour it means.
  const hour = isoTimestamp.endsWith("Z") ? /^\d{4}-\d{2}-\d{2}T\d{2}/.exec(isoTimestamp)?.[0] : undefined;
  const known = hour === undefined ? undefined : ukDayOfHour.get(hour);
  if (known !== undefined) return known;
  const parts = UK_DAY.formatToParts(new Date(isoTimestamp));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "";
  const day = `${part("year")}-${part("month")}-${part("day")}`;
  if (hour !== undefined) {
    // About two years of hours; past that, start again rather than grow without end.
    if (ukDayOfHour.size >= 20_000) ukDayOfHour.clear();
    ukDayOfHour.set(hour, day);
  }
  return day;
}
const ukDayOfHour = new Map<string, string>();

/** Late: submitted after the end of the due date, UK time. Pass the agency's effective due date (due-date.ts). */
export function isLate(submittedAt: string | null, dueOn: string): boolean {
  return submittedAt !== null && ukDateOf(submittedAt) > dueOn;
}

/**
 * The first instant (ISO, UTC) that falls after the UK day `date` (YYYY-MM-DD): midnight in England
 * at the start of the next day, 23:00 UTC in summer time and 00:00 UTC in winter. A submission at or
 * after it is late for that due date, so `isLate(t, date)` ⇔ `t >= ukDayEndsAt(date)` for stored
 * timestamps, which lets a query compare strings instead of converting time zones in SQL.
 */
export function ukDayEndsAt(date: string): string {
  const summer = `${date}T23:00:00.000Z`;
  if (ukDateOf(summer) > date) return summer;
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

/** "22 November 2026" (GOV.UK date style). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return UK_LONG_DATE.format(date);
}

/** "22 November 2026 at 3:05pm". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const time = UK_TIME.format(date).replace(/\s/g, "").toLowerCase();
  return `${formatDate(iso)} at ${time}`;
}
