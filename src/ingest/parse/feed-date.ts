/** Dates as feeds print them. Pure. */

/** US zones Date.parse knows, plus a few it does not. */
// prettier-ignore
const ZONES: Readonly<Record<string, string>> = {
  CET: "+0100", CEST: "+0200", BST: "+0100", EET: "+0200", EEST: "+0300", MSK: "+0300", IST: "+0530",
  IRST: "+0330", JST: "+0900", AEST: "+1000", UT: "+0000", Z: "+0000",
};
/** RFC 822 (`Tue, 10 Jun 2003 04:00:00 GMT`) or ISO 8601; without a zone, UTC. Null when unreadable. */
export function parseFeedDate(text: string): Date | null {
  let s = text.trim();
  if (!s) return null;
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) s = s.replace(" ", "T") + "Z";
  else if (!/^\d{4}-\d\d/.test(s)) {
    s = s
      .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/i, "")
      .replace(/\b([A-Z]{1,4})$/, (z) => (Object.hasOwn(ZONES, z) ? ZONES[z] : z));
    if (!/\d:\d\d/.test(s)) s += " 00:00:00 +0000";
    else if (/\d:\d\d(:\d\d)?$/.test(s)) s += " +0000";
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}
