import { describe, expect, it } from "vitest";
import { planClusters, type ClusterMember } from "../../src/cluster/cluster-plan";
import { comparable, matchingPairs, storiesMatch, type StoryFeatures } from "../../src/cluster/story-match";

/** New cluster ids are handed out in order: n1, n2, … */
const ids = () => {
  let n = 0;
  return () => `n${++n}`;
};
const plan = (members: ClusterMember[], edges: [string, string][]) => {
  const p = planClusters(members, edges, ids());
  return { assign: Object.fromEntries(p.assign), created: p.created, emptied: p.emptied };
};

describe("planClusters", () => {
  it("gives matching stories a new cluster and leaves a story no one matches alone", () => {
    expect(plan([{ id: "a", clusterId: null }, { id: "b", clusterId: null }, { id: "c", clusterId: null }], [["a", "b"]])).toEqual({
      assign: { a: "n1", b: "n1", c: null },
      created: ["n1"],
      emptied: [],
    });
  });

  it("lets a story join the cluster of the one it matches", () => {
    expect(plan([{ id: "a", clusterId: "k" }, { id: "b", clusterId: "k" }, { id: "c", clusterId: null }], [["a", "b"], ["b", "c"]]).assign).toEqual({ a: "k", b: "k", c: "k" });
  });

  it("merges two clusters a story bridges, keeping the id most of them had", () => {
    const members = [
      { id: "a", clusterId: "k1" }, { id: "b", clusterId: "k1" }, { id: "c", clusterId: "k2" }, { id: "d", clusterId: "k2" }, { id: "e", clusterId: "k2" }, { id: "x", clusterId: null },
    ];
    expect(plan(members, [["a", "b"], ["c", "d"], ["d", "e"], ["x", "a"], ["x", "c"]])).toEqual({
      assign: { a: "k2", b: "k2", c: "k2", d: "k2", e: "k2", x: "k2" },
      created: [],
      emptied: ["k1"],
    });
  });

  it("splits a cluster whose bridge left: the larger part keeps the id", () => {
    const members = [{ id: "a", clusterId: "k" }, { id: "b", clusterId: "k" }, { id: "c", clusterId: "k" }, { id: "d", clusterId: "k" }, { id: "e", clusterId: "k" }];
    expect(plan(members, [["a", "b"], ["c", "d"], ["d", "e"]])).toEqual({ assign: { c: "k", d: "k", e: "k", a: "n1", b: "n1" }, created: ["n1"], emptied: [] });
  });

  it("takes a standing cluster as one member weighing its size: the bigger of two bridged clusters keeps its id", () => {
    const members = [{ id: "cluster:k1", clusterId: "k1", weight: 4 }, { id: "cluster:k2", clusterId: "k2", weight: 2 }, { id: "x", clusterId: null }, { id: "y", clusterId: null }];
    expect(plan(members, [["x", "cluster:k2"], ["x", "cluster:k1"]])).toEqual({ assign: { "cluster:k1": "k1", "cluster:k2": "k1", x: "k1", y: null }, created: [], emptied: ["k2"] });
    // Two stories joining a two-story cluster do not outvote it.
    expect(plan([{ id: "cluster:k", clusterId: "k", weight: 2 }, { id: "x", clusterId: null }], [["x", "cluster:k"]]).assign).toEqual({ "cluster:k": "k", x: "k" });
  });

  it("dissolves a cluster left with one story", () => {
    expect(plan([{ id: "a", clusterId: "k" }], [])).toEqual({ assign: { a: null }, created: [], emptied: ["k"] });
  });
});

describe("matchingPairs", () => {
  const at = new Date("2026-05-04T08:00:00Z");
  const story = (id: string, countries: string[], hours = 0): StoryFeatures => ({
    id,
    publishedAt: new Date(at.getTime() + hours * 3_600_000),
    countries,
    people: [],
    terms: ["port", "reopen", "talk", "minist", "trade"],
  });
  const stories = [story("a", ["CU", "IR"]), story("b", ["CU", "IR"], 1), story("c", ["IR", "CU"], 2), story("d", ["CU", "IR"], 3), story("e", ["FR"], 1), story("f", ["CU", "IR"], 40)];

  it("compares only pairs with a changed story, each pair once, and only stories sharing a country within the window", () => {
    expect(matchingPairs(stories, new Set(["c"])).sort()).toEqual([["c", "a"], ["c", "b"], ["c", "d"]]);
    expect(matchingPairs(stories, new Set(["c", "d"])).sort()).toEqual([["c", "a"], ["c", "b"], ["c", "d"], ["d", "a"], ["d", "b"]]);
    expect(matchingPairs(stories, new Set())).toEqual([]);
  });

  it("finds the same pairs as comparing every two stories when all are changed", () => {
    const all = new Set(stories.map((s) => s.id));
    const everyTwo = stories.flatMap((x, i) => stories.slice(i + 1).filter((y) => storiesMatch(comparable(x), comparable(y))).map((y) => [x.id, y.id].sort().join()));
    expect(matchingPairs(stories, all).map((p) => [...p].sort().join()).sort()).toEqual(everyTwo.sort());
  });
});
