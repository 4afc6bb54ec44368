const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const DURATION = /^(\d{1,6})([mhdw])$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
/** Farther than this is surely a typo: a key that should never expire is made without --expires. */
const MAX_MS = 10 * 366 * 86_400_000;

/** A bad `--expires` value; its message is one line for the operator. */
export class ExpiryError extends Error {
  override name = "ExpiryError";
}

const usage = (raw: string) =>
  new ExpiryError(`--expires must be a duration (30d, 12h, 90m, 2w) or an ISO date or time (2026-12-31, 2026-12-31T18:00Z), got "${raw}"`);

/** An ISO date (midnight UTC at its start) or date and time (UTC unless an offset is given); null when not one. */
function isoInstant(raw: string): Date | null {
  const m = ISO.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  const day = new Date(Date.UTC(+y, +mo - 1, +d));
  // Date rolls 2026-02-30 over into March: a date that does not exist is no date.
  if (day.getUTCFullYear() !== +y || day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d) return null;
  if (+h > 23 || +mi > 59 || +s > 59) return null;
  const zoned = m[4] === undefined ? `${raw}T00:00:00Z` : m[7] ? raw : `${raw}Z`;
  const at = new Date(zoned);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * When a key made now with `--expires RAW` stops working: a duration from `now` (`30d`, `12h`,
 * `90m`, `2w`) or an ISO date or time. Throws ExpiryError (one line) for anything else, for a
 * time not in the future and for one more than ten years ahead.
 */
export function parseExpiry(raw: string, now: Date = new Date()): Date {
  const text = raw.trim();
  const duration = DURATION.exec(text);
  const at = duration ? new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2]]) : isoInstant(text);
  if (!at) throw usage(raw);
  if (at.getTime() <= now.getTime()) throw new ExpiryError(`--expires ${raw} is not in the future (now is ${now.toISOString()})`);
  if (at.getTime() - now.getTime() > MAX_MS) throw new ExpiryError(`--expires ${raw} is more than ten years ahead; leave --expires out for a key that does not expire`);
  return at;
}
