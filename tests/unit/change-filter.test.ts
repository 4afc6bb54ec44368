import { describe, expect, it } from "vitest";
import { articleChangeMatches, relationChangeMatches } from "../../src/live/change-filter";
import { ChangeType, parseChangeEvent, type ArticleChangeEvent, type RelationChangeEvent } from "../../src/live/change-event";
import type { FeedFilter } from "../../src/article/article-feed";
import { RelationKind } from "../../src/relation/relation-kind";

const PERSON = "0b6f3c1e-2f7a-4c55-9d0e-1a2b3c4d5e6f";
const article: ArticleChangeEvent = {
  kind: "article",
  type: ChangeType.CREATED,
  id: "6a1d6f0c-0000-4000-8000-000000000001",
  at: "2026-05-01T10:00:00.000Z",
  source: "IP",
  publishedAt: "2026-05-01T09:00:00+00:00",
  tags: ["diplomacy"],
  countries: ["IR", "CU"],
  people: [PERSON],
};

describe("articleChangeMatches", () => {
  it.each<[string, FeedFilter, boolean]>([
    ["no filter", {}, true],
    ["a mentioned country", { countries: ["CU"] }, true],
    ["every listed country", { countries: ["CU", "IR"] }, true],
    ["a country not mentioned", { countries: ["CU", "US"] }, false],
    ["its source", { sourceCode: "IP" }, true],
    ["another source", { sourceCode: "MW" }, false],
    ["a person in it", { personId: PERSON }, true],
    ["a person not in it", { personId: "0b6f3c1e-2f7a-4c55-9d0e-000000000000" }, false],
    ["its tag", { tag: "diplomacy" }, true],
    ["another tag", { tag: "sport" }, false],
    ["published after a time before it", { publishedAfter: new Date("2026-05-01T08:00:00Z") }, true],
    ["published after its own time (strictly)", { publishedAfter: new Date("2026-05-01T09:00:00Z") }, false],
    ["published before a later time", { publishedBefore: new Date("2026-05-02T00:00:00Z") }, true],
    ["published before an earlier time", { publishedBefore: new Date("2026-04-30T00:00:00Z") }, false],
  ])("%s", (_name, filter, expected) => {
    expect(articleChangeMatches(filter, article)).toBe(expected);
  });
});

describe("relationChangeMatches", () => {
  const relation: RelationChangeEvent = {
    kind: "relation",
    at: "2026-05-01T10:00:00.000Z",
    relation: {
      id: "6a1d6f0c-0000-4000-8000-000000000002", kind: RelationKind.STRATEGIC, subject_article_id: null, subject_person_id: null,
      subject_country_code: "CU", object_country_code: "IR", object_article_id: null, title: null, weight: 2,
      first_seen_at: "2026-05-01T09:00:00+00:00", last_seen_at: "2026-05-01T09:00:00+00:00", changed_at: "2026-05-01T10:00:00+00:00",
    },
  };
  it.each<[string, string[], RelationKind[], boolean]>([
    ["no filter", [], [], true],
    ["one end", ["IR"], [], true],
    ["both ends", ["IR", "CU"], [], true],
    ["a country at neither end", ["US"], [], false],
    ["its kind", [], [RelationKind.STRATEGIC, RelationKind.ECONOMIC], true],
    ["other kinds", ["IR"], [RelationKind.ECONOMIC], false],
  ])("%s", (_name, between, kinds, expected) => {
    expect(relationChangeMatches({ between, kinds }, relation)).toBe(expected);
  });
});

describe("parseChangeEvent", () => {
  it.each([["not json"], ["{}"], ['{"kind":"article","id":"x","type":"EXPLODED"}'], ['{"kind":"relation"}'], ["null"]])("ignores %s", (payload) => {
    expect(parseChangeEvent(payload)).toBeNull();
  });
  it("reads our own events", () => {
    expect(parseChangeEvent(JSON.stringify(article))).toEqual(article);
  });
});
