import { randomUUID } from "node:crypto";
import type { StoryInput } from "../../src/ingest/story";
import { RelationKind } from "../../src/relation/relation-kind";

let counter = 0;

/** A plausible structured story; fields can be overridden. */
export function story(overrides: Partial<StoryInput> = {}): StoryInput {
  counter++;
  return {
    id: randomUUID(),
    source: { code: "MW", name: "Meridian Wire" },
    dateline: "Paris",
    headline: `France and Cuba discuss cooperation number ${counter}`,
    summary: "Officials met to discuss cooperation.",
    body: [
      `French Foreign Minister Claire Dubois said on Monday that France and Cuba will expand cooperation (${counter}).`,
      `Speaking in Havana, Dubois said, "Our relations with Cuba are based on mutual respect and shared interests."`,
      "Cuban officials welcomed the statement.",
    ],
    publishedAt: new Date(Date.UTC(2026, 0, 1, 0, counter)),
    language: "en",
    tags: ["diplomacy"],
    people: [{ name: "Claire Dubois", role: "Foreign Minister", country: "FR" }],
    countries: ["FR", "CU"],
    relations: [{ from: "FR", to: "CU", kind: RelationKind.DIPLOMATIC }],
    ...overrides,
  };
}
