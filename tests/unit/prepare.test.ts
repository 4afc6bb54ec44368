import { describe, expect, it } from "vitest";
import { Country } from "../../src/country/country.entity";
import { countryRecords } from "../../src/country/country-data";
import { CountryDirectory } from "../../src/country/country-directory";
import { CountryMatcher } from "../../src/ingest/extract/country-matcher";
import { findQuotes } from "../../src/ingest/extract/quotes";
import { normalizeHeadline, slugify, stableUuid, contentHash } from "../../src/ingest/normalize";
import { prepareStory } from "../../src/ingest/prepare";
import { storyFromJson, CorpusLineError } from "../../src/ingest/corpus-line";
import { RelationKind } from "../../src/relation/relation-kind";

const directory = new CountryDirectory(countryRecords().map((r) => Object.assign(new Country(), r)));
const matcher = new CountryMatcher(directory.all);
const tools = { countries: directory, matcher, maxStoryBytes: 1024 * 1024 };

describe("country dataset", () => {
  it("has every ISO 3166-1 country with alpha-3, capital and demonym", () => {
    expect(directory.all.length).toBeGreaterThanOrEqual(249);
    expect(directory.find("ir")).toMatchObject({ code: "IR", alpha3: "IRN", capital: "Tehran", demonym: "Iranian" });
  });
  it.each([["US", "US"], ["usa", "US"], ["America", "US"], ["the United Kingdom", "GB"], ["Britain", "GB"], ["Republic of Cuba", "CU"], ["Côte d'Ivoire", "CI"]])(
    "finds %s as %s",
    (name, code) => expect(directory.find(name)?.code).toBe(code),
  );
});

describe("CountryMatcher", () => {
  it("finds names, official names, aliases, demonyms and capitals as metonyms", () => {
    const hits = matcher.scan("Tehran-Havana relations: the Republic of Cuba and Iran's President met US and Iranian officials.");
    expect(hits.map((h) => h.code)).toEqual(["IR", "CU", "CU", "IR", "US", "IR"]);
    expect(hits[2]).toMatchObject({ surface: "Republic of Cuba" });
  });
  it("does not match inside words or lower-case text", () => {
    expect(matcher.scan("Iranians? no: usage, chinese food, omanipulation")).toEqual([{ code: "IR", offset: 0, surface: "Iranian" }]);
  });
});

describe("normalize", () => {
  it.each([
    ["Iran, Cuba must shore up ties to face US sanctions.", "iran cuba must shore up ties to face us sanctions"],
    ["  Café   Déjà-vu ", "cafe deja vu"],
    ["Iran's \"new\" role", "irans new role"],
  ])("folds %j", (input, folded) => expect(normalizeHeadline(input)).toBe(folded));
  it("makes slugs and stable ids", () => {
    expect(slugify("Raisi: Iran-Cuba relations are strategic")).toBe("raisi-iran-cuba-relations-are-strategic");
    expect(slugify("a ".repeat(100), 20).length).toBeLessThanOrEqual(20);
    expect(stableUuid("x")).toBe(stableUuid("x"));
    expect(stableUuid("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(contentHash("A", ["b  c"])).toBe(contentHash("a", ["B c"]));
  });
});

describe("findQuotes", () => {
  it("pairs quotes in order and attributes them to the nearest speaker", () => {
    const text = 'The President stated that "sanctions" and "threats" have become tools, saying, "Independent nations must meet each other\'s needs."\n\n"We will stay the course on this," Gonzalez said.';
    const quotes = findQuotes(text, [["Ebrahim Raisi", "Raisi", "The President"], ["Alberto Gonzalez", "Gonzalez"]]);
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([
      ["Independent nations must meet each other's needs.", 0],
      ["We will stay the course on this", 1],
    ]);
  });
});

describe("prepareStory", () => {
  const base = {
    source: { code: "ip" },
    headline: "Iran and Cuba deepen ties",
    body: ["Ebrahim Raisi met Cuba's ambassador in Tehran.", 'Raisi said, "Iran-Cuba relations are strategic and will grow."'],
    publishedAt: new Date("2026-01-01T00:00:00Z"),
    dateline: "Tehran",
    people: [{ name: "Ebrahim Raisi", role: "President", country: "Iran" }],
    related: [{ title: "Iran, Cuba must shore up ties." }, { title: "IRAN, CUBA MUST SHORE UP TIES", kind: RelationKind.RELATED_NEWS }],
  };
  it("works out mentions, quotes, dateline country and deduplicated links", () => {
    const s = prepareStory(base, tools);
    expect(s.source.code).toBe("IP");
    expect(s.datelineCountry).toBe("IR");
    expect(s.countries.map((c) => [c.key, c.count])).toEqual([["CU", 2], ["IR", 2]]);
    expect(s.people[0]).toMatchObject({ name: "Ebrahim Raisi", country: "IR", count: 2, firstOffset: 0 });
    expect(s.quotes).toEqual([expect.objectContaining({ speaker: 0 })]);
    expect(s.links).toEqual([{ kind: RelationKind.RELATED_NEWS, ref: "iran cuba must shore up ties", title: "Iran, Cuba must shore up ties.", position: 0 }]);
    expect(s.warnings).toEqual([]);
  });
  it.each([
    ["empty headline", { headline: "  " }],
    ["no body", { body: ["", " "] }],
    ["oversized body", { body: ["x".repeat(1024 * 1024 + 1)] }],
    ["unknown person country", { people: [{ name: "A Person", country: "Narnia" }] }],
    ["bad related id", { related: [{ id: "123" }] }],
    ["invalid date", { publishedAt: new Date("nope") }],
  ])("rejects %s with BAD_USER_INPUT", (_name, overrides) => {
    expect(() => prepareStory({ ...base, ...overrides }, tools)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
  });
});

describe("storyFromJson (corpus lines)", () => {
  it("reads corpus related ids as links by id", () => {
    const s = storyFromJson({ headline: "h", body: ["b"], source: { code: "CP" }, publishedAt: "2026-01-01T00:00:00Z", related: ["aacc1a49-5005-4a00-b563-9daf9b7919f3"] });
    expect(s.related).toEqual([{ id: "aacc1a49-5005-4a00-b563-9daf9b7919f3" }]);
  });
  it.each([
    [[1, 2], "not a JSON object"],
    [{ body: ["b"] }, "headline"],
    [{ headline: "h", body: "b" }, "body"],
    [{ headline: "h", body: ["b"], source: {} }, "source.code"],
    [{ headline: "h", body: ["b"], source: { code: "X" }, publishedAt: "soon" }, "publishedAt"],
    [{ headline: "h", body: ["b"], source: { code: "X" }, publishedAt: "2026-01-01", relations: [{ from: "A" }] }, "relations"],
  ])("rejects %j naming %s", (value, field) => {
    expect(() => storyFromJson(value)).toThrowError(CorpusLineError);
    expect(() => storyFromJson(value)).toThrowError(new RegExp(field));
  });
});
