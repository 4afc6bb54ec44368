import { describe, expect, it } from "vitest";
import { parseExpiry } from "../../src/auth/key-expiry";

const NOW = new Date("2026-03-01T12:00:00.000Z");

describe("parseExpiry (keys create --expires)", () => {
  it.each([
    ["30d", "2026-03-31T12:00:00.000Z"],
    ["12h", "2026-03-02T00:00:00.000Z"],
    ["90m", "2026-03-01T13:30:00.000Z"],
    ["2w", "2026-03-15T12:00:00.000Z"],
    [" 1d ", "2026-03-02T12:00:00.000Z"],
    ["2026-12-31", "2026-12-31T00:00:00.000Z"],
    ["2026-12-31T18:00", "2026-12-31T18:00:00.000Z"],
    ["2026-12-31T18:00Z", "2026-12-31T18:00:00.000Z"],
    ["2026-12-31T18:00:30+02:00", "2026-12-31T16:00:30.000Z"],
  ])("%j is %s", (raw, iso) => {
    expect(parseExpiry(raw, NOW).toISOString()).toBe(iso);
  });

  it.each([
    ["3x", /^--expires must be a duration \(30d, 12h, 90m, 2w\) or an ISO date or time/],
    ["30", /^--expires must be a duration/],
    ["-1d", /^--expires must be a duration/],
    ["1.5h", /^--expires must be a duration/],
    ["next week", /^--expires must be a duration/],
    ["2026-02-30", /^--expires must be a duration/],
    ["2026-12-31T25:00", /^--expires must be a duration/],
    ["31/12/2026", /^--expires must be a duration/],
    ["0d", /^--expires 0d is not in the future/],
    ["2026-03-01", /^--expires 2026-03-01 is not in the future/],
    ["2020-01-01T00:00Z", /is not in the future/],
    ["600w", /more than ten years ahead/],
  ])("refuses %j with one line", (raw, message) => {
    expect(() => parseExpiry(raw, NOW)).toThrow(message);
  });
});
