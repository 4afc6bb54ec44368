import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, codes, startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { ingestStory } from "../src/ingest/ingest";
import { RelationKind } from "../src/relation/relation-kind";

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const points = (xs: { start: string; count: number }[]) => xs.map((p) => `${p.start.slice(0, 10)}:${p.count}`);

/** Relation.timeline, Person.timeline and Country.relations(orderBy): counts per period, one statement each. */
describe.each(DATABASES)("timelines (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    // France–Cuba, told on these days; Claire Dubois speaks in every one.
    for (const d of ["2026-01-01", "2026-01-01", "2026-01-03", "2026-01-20", "2026-02-05"]) {
      await ingestStory(t.app, story({ publishedAt: day(d) }));
    }
  });
  afterAll(() => t?.close());

  const relationTimeline = async (args: string) => {
    const res = await t.gql(`{ relations(filter: { between: ["FR", "CU"], kind: DIPLOMATIC }) { edges { node { weight timeline${args} { start count } } } } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.relations.edges[0].node;
  };

  it("counts a relation's evidence per day, week and month, with empty periods filled in", async () => {
    const byDay = await relationTimeline("");
    expect(byDay.weight).toBe(5);
    expect(byDay.timeline).toHaveLength(36); // 1 January to 5 February
    expect(points(byDay.timeline).filter((p) => !p.endsWith(":0"))).toEqual(["2026-01-01:2", "2026-01-03:1", "2026-01-20:1", "2026-02-05:1"]);
    expect(byDay.timeline[1]).toEqual({ start: "2026-01-02T00:00:00.000Z", count: 0 });
    expect(points((await relationTimeline("(interval: WEEK)")).timeline)).toEqual([
      "2025-12-29:3", "2026-01-05:0", "2026-01-12:0", "2026-01-19:1", "2026-01-26:0", "2026-02-02:1",
    ]);
    expect(points((await relationTimeline("(interval: MONTH)")).timeline)).toEqual(["2026-01-01:4", "2026-02-01:1"]);
    const range = await relationTimeline(`(interval: DAY, from: "2026-01-02T00:00:00Z", to: "2026-01-04T00:00:00Z")`);
    expect(points(range.timeline)).toEqual(["2026-01-02:0", "2026-01-03:1"]);
  });

  it("counts a person's mentions per period", async () => {
    const res = await t.gql(`{ people(filter: { nameContains: "Dubois" }) { edges { node { name timeline(interval: MONTH) { start count } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(points(res.data!.people.edges[0].node.timeline)).toEqual(["2026-01-01:4", "2026-02-01:1"]);
  });

  it("refuses a reversed or too long range", async () => {
    for (const args of [`(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z")`, `(interval: DAY, from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z")`]) {
      const res = await t.gql(`{ relations { edges { node { timeline${args} { count } } } } }`);
      expect(codes(res), args).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it("reads every timeline of a page in one statement", async () => {
    for (const [code, kind] of [["JP", RelationKind.ECONOMIC], ["DE", RelationKind.CULTURAL], ["IT", RelationKind.STRATEGIC]] as const) {
      await ingestStory(t.app, story({ countries: ["FR", code], relations: [{ from: "FR", to: code, kind }], publishedAt: day("2026-01-10") }));
    }
    const q = (first: number) =>
      t.gql(`{ country(code: "FR") { relations(kinds: [DIPLOMATIC, ECONOMIC, CULTURAL, STRATEGIC]) { kind timeline(interval: MONTH) { count } } } people(first: ${first}) { edges { node { timeline { count } } } } }`);
    const res = await q(10);
    expect(res.errors).toBeUndefined();
    expect(res.data!.country.relations.length).toBe(4);
    // relations 1 + their timelines 1 + people 1 + their timelines 1
    expect(res.extensions!.sqlStatements).toBe(4);
    expect((await q(1)).extensions!.sqlStatements).toBe(4);
  });

  it("orders a country's relations by weight or by recent change", async () => {
    const order = async (orderBy: string) => {
      const res = await t.gql(`{ country(code: "FR") { relations(kinds: [DIPLOMATIC, ECONOMIC, CULTURAL, STRATEGIC], orderBy: ${orderBy}) { kind weight changedAt } } }`);
      expect(res.errors).toBeUndefined();
      return res.data!.country.relations.map((r: { kind: string }) => r.kind);
    };
    expect((await order("WEIGHT"))[0]).toBe("DIPLOMATIC");
    expect(await order("RECENT")).toEqual(["STRATEGIC", "CULTURAL", "ECONOMIC", "DIPLOMATIC"]);
    await ingestStory(t.app, story({ publishedAt: day("2025-06-01") })); // an old story, written now
    expect((await order("RECENT"))[0]).toBe("DIPLOMATIC");
  });

  it("counts stories per period by country or by source in one statement (the dashboard's charts)", async () => {
    const counts = (args: string) =>
      t.gql(`{ articleCounts(${args}) { key name total points { start count } } }`);
    const bySource = await counts(`groupBy: SOURCE, interval: MONTH, from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z"`);
    expect(bySource.errors).toBeUndefined();
    expect(bySource.extensions!.sqlStatements).toBe(1);
    expect(bySource.data!.articleCounts).toEqual([
      { key: "MW", name: "Meridian Wire", total: 8, points: [{ start: "2026-01-01T00:00:00.000Z", count: 7 }, { start: "2026-02-01T00:00:00.000Z", count: 1 }] },
    ]);
    const byCountry = await counts(`groupBy: COUNTRY, interval: DAY, first: 2, from: "2026-01-01T00:00:00Z", to: "2026-01-11T00:00:00Z"`);
    expect(byCountry.data!.articleCounts.map((s: { key: string; name: string; total: number }) => [s.key, s.name, s.total])).toEqual([
      ["FR", "France", 6],
      ["CU", "Cuba", 3],
    ]);
    expect(points(byCountry.data!.articleCounts[0].points)).toEqual([
      "2026-01-01:2", "2026-01-02:0", "2026-01-03:1", "2026-01-04:0", "2026-01-05:0", "2026-01-06:0", "2026-01-07:0", "2026-01-08:0", "2026-01-09:0", "2026-01-10:3",
    ]);
    for (const bad of [`groupBy: SOURCE, first: 50`, `groupBy: SOURCE, from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z"`]) {
      expect(codes(await counts(bad)), bad).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it("lists pending Related News links (titles that matched no story)", async () => {
    await ingestStory(t.app, story({ headline: "France and Cuba plan a summit", related: [{ title: "A story nobody has written yet" }] }));
    const res = await t.gql(`{ relations(filter: { pending: true }) { totalCount edges { node { kind title subject { ... on Article { headline } } object { __typename } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.relations).toEqual({
      totalCount: 1,
      edges: [{ node: { kind: "RELATED_NEWS", title: "A story nobody has written yet", subject: { headline: "France and Cuba plan a summit" }, object: null } }],
    });
    const resolved = await t.gql(`{ relations(filter: { pending: false, kind: RELATED_NEWS }) { totalCount } }`);
    expect(resolved.data!.relations.totalCount).toBe(0);
  });
});
