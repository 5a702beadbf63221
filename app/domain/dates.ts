/**
 * Deadlines are whole days in England: a return submitted at 00:30 BST on the day after the due date
 * is late, even though it is still the due date in UTC. Timestamps are stored in UTC.
 */
export function ukDateOf(isoTimestamp: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(isoTimestamp));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Late: submitted after the end of the due date, UK time. */
export function isLate(submittedAt: string | null, dueOn: string): boolean {
  return submittedAt !== null && ukDateOf(submittedAt) > dueOn;
}
