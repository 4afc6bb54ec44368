import { describe, expect, it } from "vitest";
import { planClusterIds, planLeads, type PoolStory } from "../../src/cluster/cluster-plan";

const at = new Date("2026-05-04T08:00:00Z").getTime();
/** A stored story `hours` after 08:00 naming Cuba and Iran, with lead words `terms`. */
const story = (id: string, hours: number, terms: string[], stored: Partial<PoolStory> = {}): PoolStory => ({
  id,
  publishedAt: new Date(at + hours * 3_600_000),
  countries: ["CU", "IR"],
  people: [],
  terms,
  clusterId: null,
  leads: true,
  ...stored,
});
// b shares three of five words with a, c three with b but one with a: a-b and b-c match, a-c do not.
const A = ["port", "reopen", "talk", "minist", "trade"];
const B = ["port", "reopen", "talk", "ship", "fuel"];
const C = ["talk", "ship", "fuel", "loan", "bank"];
const ids = () => {
  let n = 0;
  return () => `n${++n}`;
};
const leadsOf = (pool: PoolStory[], redo = pool.map((s) => s.id), written = redo) => {
  const plan = planLeads(pool, new Set(redo), new Set(written));
  return { leadOf: Object.fromEntries(plan.leadOf), more: plan.more.sort(), reopen: plan.reopen };
};

describe("planLeads", () => {
  it("has a story follow the earliest lead it matches, and a story that matches no lead lead", () => {
    const pool = [story("c", 2, C), story("a", 0, A), story("b", 1, B), story("x", 3, A, { countries: ["FR"] })];
    expect(leadsOf(pool).leadOf).toEqual({ a: "a", b: "a", c: "c", x: "x" });
  });

  it("does not chain: a story matching only a follower of a lead is not in that lead's cluster", () => {
    // Each story matches the one before it, 20 hours apart: connected groups made one cluster of all.
    const chain = [A, B, C, A, B, C].map((terms, i) => story(`s${i}`, i * 20, terms));
    const { leadOf } = leadsOf(chain);
    expect(leadOf).toEqual({ s0: "s0", s1: "s0", s2: "s2", s3: "s3", s4: "s3", s5: "s5" });
    const plan = planClusterIds(chain, new Map(Object.entries(leadOf)), new Set(), ids());
    expect(Object.fromEntries(plan.assign)).toEqual({ s0: "n1", s1: "n1", s3: "n2", s4: "n2", s2: null, s5: null });
  });

  it("follows the earliest lead, not the best match, and only within 36 hours", () => {
    // b matches both leads, a and c (c does not match a): it follows a, the earlier.
    const pool = [story("a", 0, A), story("c", 1, C), story("b", 2, B), story("late", 40, B)];
    expect(leadsOf(pool).leadOf).toEqual({ a: "a", c: "c", b: "a", late: "late" });
  });

  it("reaches later stored stories a new lead can take, and the cluster of a stored lead that now follows", () => {
    // Stored: b leads cluster k with c. A story written before them that b matches takes b.
    const stored = [story("b", 1, B, { clusterId: "k" }), story("c", 2, B, { clusterId: "k", leads: false })];
    expect(leadsOf([story("a", 0, A), ...stored], ["a"])).toEqual({ leadOf: { a: "a" }, more: ["b", "c"], reopen: [] });
    expect(leadsOf([story("a", 0, A), ...stored], ["a", "b"], ["a"])).toEqual({ leadOf: { a: "a", b: "a" }, more: ["c"], reopen: ["k"] });
    expect(leadsOf([story("a", 0, A), ...stored], ["a", "b", "c"], ["a"]).leadOf).toEqual({ a: "a", b: "a", c: "a" });
    // A story written after them reaches nothing.
    expect(leadsOf([...stored, story("d", 3, B)], ["d"])).toEqual({ leadOf: { d: "b" }, more: [], reopen: [] });
  });
});

describe("planClusterIds", () => {
  it("keeps a standing cluster's id, joins a lone lead's first follower to it in a new cluster, and leaves a lone lead out", () => {
    const pool = [story("a", 0, A, { clusterId: "k" }), story("b", 1, B), story("x", 2, A, { countries: ["FR"] }), story("y", 3, B, { countries: ["FR"] })];
    const plan = planClusterIds(pool, new Map([["b", "a"], ["y", "x"]]), new Set(), ids());
    expect(Object.fromEntries(plan.assign)).toEqual({ a: "k", b: "k", x: "n1", y: "n1" });
    expect(plan.created).toEqual(["n1"]);
    // a stays where it was; the others move.
    expect(plan.moved).toEqual([{ id: "b", from: null, to: "k" }, { id: "y", from: null, to: "n1" }, { id: "x", from: null, to: "n1" }]);
    expect(Object.fromEntries(planClusterIds(pool, new Map([["b", "b"]]), new Set(), ids()).assign)).toEqual({ b: null });
  });

  it("gives a worked-out group the id most of its stories had, once", () => {
    const pool = ["a", "b", "c", "d", "e"].map((id, i) => story(id, i, A, { clusterId: i < 2 ? "k1" : "k2", leads: i === 0 || i === 2 }));
    const leadOf = new Map([["a", "a"], ["b", "a"], ["c", "c"], ["d", "c"], ["e", "c"]]);
    expect(Object.fromEntries(planClusterIds(pool, leadOf, new Set(["k1", "k2"]), ids()).assign)).toEqual({ a: "k1", b: "k1", c: "k2", d: "k2", e: "k2" });
    // Both groups were mostly k2: the bigger keeps it, the other gets a new id.
    const merged = new Map([["a", "c"], ["b", "c"], ["c", "c"], ["d", "d"], ["e", "d"]]);
    const plan = planClusterIds(pool.map((p, i) => ({ ...p, clusterId: i === 0 ? "k1" : "k2" })), merged, new Set(["k1", "k2"]), ids());
    expect(Object.fromEntries(plan.assign)).toEqual({ a: "k2", b: "k2", c: "k2", d: "n1", e: "n1" });
  });
});
