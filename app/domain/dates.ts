/**
 * Deadlines are whole days in England: a return submitted at 00:30 BST on the day after the due date
 * is late, even though it is still the due date in UTC. Timestamps are stored in UTC.
 */
export function ukDateOf(isoTimestamp: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(isoTimestamp));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Late: submitted after the end of the due date, UK time. Pass the agency's effective due date (due-date.ts). */
export function isLate(submittedAt: string | null, dueOn: string): boolean {
  return submittedAt !== null && ukDateOf(submittedAt) > dueOn;
}

/** "22 November 2026" (GOV.UK date style). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}

/** "22 November 2026 at 3:05pm". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const time = date.toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: "Europe/London" }).replace(/\s/g, "").toLowerCase();
  return `${formatDate(iso)} at ${time}`;
}
