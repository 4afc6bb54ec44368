import { describe, expect, it } from "vitest";
import { batchFootprint, footprintsConflict } from "../../src/ingest/bulk/batch-footprint";
import type { PreparedStory } from "../../src/ingest/prepare";
import { RelationKind } from "../../src/relation/relation-kind";

type Person = PreparedStory["people"][number];

const person = (name: string, role: string | null, country: string | null = "IR"): Person =>
  ({ key: name.toLowerCase(), name, role, country, aliases: [], count: 1, firstOffset: 0, surface: name, position: 0 }) as Person;

let n = 0;
/** A story of its own (distinct id, text, slug, headline) unless told otherwise. */
const story = (over: Partial<PreparedStory> = {}): PreparedStory => {
  n++;
  return {
    slug: `story-${n}`,
    source: { code: "IP", name: null },
    headline: `Story ${n}`,
    headlineNorm: `story ${n}`,
    summary: null,
    body: [`Body ${n}.`],
    dateline: null,
    datelineCountry: null,
    publishedAt: new Date("2026-03-01T00:00:00Z"),
    publishedAtGuessed: false,
    language: "en",
    url: null,
    tags: [],
    contentHash: `hash-${n}`,
    people: [],
    countries: [],
    quotes: [],
    countryRelations: [],
    links: [],
    warnings: [],
    ...over,
  };
};
const conflict = (a: PreparedStory[], b: PreparedStory[]) => footprintsConflict(batchFootprint(a), batchFootprint(b));

describe("batch footprints (which batches written side by side must keep their order)", () => {
  it("lets batches of different stories, linked by id, naming the same people alike, overlap", () => {
    const a = [story({ people: [person("Ali Vaez", "Analyst")], links: [{ kind: RelationKind.RELATED_NEWS, ref: "id:0d4c9e1e-0000-4000-8000-000000000001", title: null, position: 0 }] })];
    const b = [story({ people: [person("Ali Vaez", "Analyst"), person("Maria Lopez", null, "CU")] }), story({ people: [person("Ali Vaez", null)] })];
    expect(conflict(a, b)).toBe(false);
  });

  it("orders a story written again, by id, URL, text or slug, and two stories of one headline", () => {
    const first = story({ id: "0d4c9e1e-0000-4000-8000-00000000000a", url: "https://example.org/a" });
    expect(conflict([first], [story({ id: first.id })])).toBe(true);
    expect(conflict([first], [story({ url: first.url })])).toBe(true);
    expect(conflict([first], [story({ contentHash: first.contentHash })])).toBe(true);
    expect(conflict([first], [story({ slug: first.slug })])).toBe(true);
    expect(conflict([first], [story({ headlineNorm: first.headlineNorm })])).toBe(true);
    // The same URL at another outlet is another story.
    expect(conflict([first], [story({ url: first.url, source: { code: "AFP", name: null } })])).toBe(false);
  });

  it("orders batches that give one person different roles or names, or two people one slug", () => {
    expect(conflict([story({ people: [person("Ali Vaez", "Analyst")] })], [story({ people: [person("Ali Vaez", "Director")] })])).toBe(true);
    // The role a batch leaves is its last one given.
    const a = [story({ people: [person("Ali Vaez", "Director")] }), story({ people: [person("Ali Vaez", "Analyst")] })];
    expect(conflict(a, [story({ people: [person("Ali Vaez", "Analyst")] })])).toBe(false);
    expect(conflict([story({ people: [person("Ali Vaez", null)] })], [story({ people: [{ ...person("Ali Vaez", null), name: "ALI VAEZ" }] })])).toBe(true);
    // Two identities whose slugs read the same (the first stored keeps it plain).
    expect(conflict([story({ people: [person("José Martí", null, "CU")] })], [story({ people: [{ ...person("Jose Marti", null, "CU"), key: "jose marti 2" }] })])).toBe(true);
  });

  it("orders every batch with a printed title after the ones before it", () => {
    const titled = story({ links: [{ kind: RelationKind.READ_MORE, ref: "iran and cuba sign a trade deal", title: "Iran and Cuba sign a trade deal", position: 0 }] });
    expect(conflict([titled], [story()])).toBe(true);
    expect(conflict([story()], [titled])).toBe(true);
  });

  it("orders batches that name an outlet differently", () => {
    expect(conflict([story({ source: { code: "ZZ", name: "Zed News" } })], [story({ source: { code: "ZZ", name: "Zed Wire" } })])).toBe(true);
    expect(conflict([story({ source: { code: "ZZ", name: "Zed News" } })], [story({ source: { code: "ZZ", name: null } })])).toBe(false);
  });
});
