/** "1 card", "3 cards". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** When a card in the learner's collection comes due, in their time zone: "due now" or "due Mar 3, 14:00". */
export function formatDue(due: Date, now: Date, timeZone: string): string {
  if (due.getTime() <= now.getTime()) return "due now";
  const options: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en", { ...options, timeZone });
  } catch {
    // A time zone the runtime does not know: show UTC rather than fail the page.
    format = new Intl.DateTimeFormat("en", { ...options, timeZone: "UTC", timeZoneName: "short" });
  }
  return `due ${format.format(due)}`;
}
