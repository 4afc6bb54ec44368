import { describe, expect, it } from "vitest";
import { rankedBound } from "../../src/article/article-search";

describe("rankedBound (the best matches a search page ranks, written into the SQL text)", () => {
  it("rounds offset + first + 1 up to a power of two of at least 32, and refuses what is not a row count", () => {
    expect([0, 1, 21, 32, 33, 101, 1_000_000].map(rankedBound)).toEqual([32, 32, 32, 32, 64, 128, 1_048_576]);
    expect(rankedBound(2 ** 40)).toBe(2 ** 31 - 1);
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_VALUE]) expect(() => rankedBound(bad)).toThrow(RangeError);
  });
});
