import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, codes, startTestServer, type TestServer } from "./support/harness";
import { FILM_WEEK, HEALTH_DEAL, LATER_VACCINES } from "./fixtures/cluster-stories";
import { ingestStory } from "../src/ingest/ingest";
import { writeStories } from "../src/ingest/ingest.service";
import { prepareStory } from "../src/ingest/prepare";
import { deleteArticle } from "../src/ingest/article-admin.service";
import type { StoryInput } from "../src/ingest/story";

const ALL = [...HEALTH_DEAL, ...FILM_WEEK, LATER_VACCINES].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
const [H1, H2, H3] = HEALTH_DEAL.map((s) => s.headline);
const [F1, F2] = FILM_WEEK.map((s) => s.headline);
const LATER = LATER_VACCINES.headline;

/** Story clusters on hand-written stories: one event told by three agencies, an unrelated one the same day between the same countries. */
describe.each(DATABASES)("story clusters (%s)", (db) => {
  let t: TestServer;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
  });
  afterAll(() => t?.close());

  /** The stories grouped by cluster: sorted lists of headlines, the unclustered as single lists. */
  const groups = async (): Promise<string[][]> => {
    const res = await t.gql(`{ articles(first: 50) { edges { node { headline cluster { id size } } } } }`);
    expect(res.errors).toBeUndefined();
    const by = new Map<string, string[]>();
    for (const { node } of res.data!.articles.edges) {
      const key = node.cluster?.id ?? `alone:${node.headline}`;
      by.set(key, [...(by.get(key) ?? []), node.headline]);
      if (node.cluster) expect(node.cluster.size).toBe(by.get(key)!.length > node.cluster.size ? -1 : node.cluster.size);
    }
    return [...by.values()].map((g) => g.sort()).sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
  };
  const EXPECTED = [[H1, H2, H3].sort(), [F1, F2].sort(), [LATER]];

  it("groups the same event told by three agencies, apart from another event of the same day between the same countries (bulk batch)", async () => {
    const tools = { countries: t.app.countries, matcher: t.app.matcher, maxStoryBytes: t.app.config.maxStoryBytes };
    const written = await writeStories(t.app.ds, ALL.map((s) => prepareStory(s, tools)));
    expect(await groups()).toEqual(EXPECTED);
    for (const { articleId } of written) await deleteArticle(t.app, articleId);
    expect((await t.gql(`{ clusters { totalCount } }`)).data!.clusters.totalCount).toBe(0);
  });

  it("groups them the same when the stories arrive one by one", async () => {
    for (const s of ALL) ids.set(s.headline, (await ingestStory(t.app, s)).articleId);
    expect(await groups()).toEqual(EXPECTED);
  });

  it("lists clusters newest first with their stories, and filters them", async () => {
    const q = `query($first: Int, $after: String, $filter: ClusterFilter) { clusters(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id size firstPublishedAt lastPublishedAt articles(first: 5) { edges { node { headline } } } } } } }`;
    const all = await t.gql(q, {});
    expect(all.errors).toBeUndefined();
    expect(all.data!.clusters.totalCount).toBe(2);
    const [film, health] = all.data!.clusters.edges.map((e: { node: any }) => e.node);
    expect(film).toMatchObject({ size: 2, lastPublishedAt: "2026-06-02T18:20:00.000Z", articles: { edges: [{ node: { headline: F2 } }, { node: { headline: F1 } }] } });
    expect(health).toMatchObject({ size: 3, firstPublishedAt: "2026-06-02T09:00:00.000Z", lastPublishedAt: "2026-06-02T15:45:00.000Z" });
    expect(health.articles.edges.map((e: { node: { headline: string } }) => e.node.headline)).toEqual([H3, H2, H1]);

    const page1 = (await t.gql(q, { first: 1 })).data!.clusters;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.gql(q, { first: 1, after: page1.pageInfo.endCursor })).data!.clusters;
    expect(page2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([health.id]);
    expect((await t.gql(q, { filter: { country: "Iran", minSize: 3 } })).data!.clusters.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([health.id]);
    expect((await t.gql(q, { filter: { country: "JP" } })).data!.clusters.totalCount).toBe(0);
    expect(codes(await t.gql(q, { filter: { country: "Atlantis" } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await t.gql(q, { filter: { minSize: 1 } }))).toEqual(["BAD_USER_INPUT"]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on Cluster { size } } }`, { id: health.id });
    expect(node.data!.node).toEqual({ size: 3 });
  });

  it("stays correct when a story is updated out of its event, and when stories are deleted", async () => {
    const health = HEALTH_DEAL[2] as StoryInput;
    // The third agency's story is rewritten into a different story: it leaves the cluster.
    await ingestStory(t.app, {
      ...health,
      headline: "Havana museum shows Persian carpets",
      body: ["A Havana museum opened an exhibition of Persian carpets lent by Iran on Tuesday.", "The carpets will be shown for a month."],
    });
    expect(await groups()).toEqual([[H1, H2].sort(), [F1, F2].sort(), ["Havana museum shows Persian carpets"], [LATER]].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1)));
    // Told again as it was, it is back.
    await ingestStory(t.app, health);
    expect(await groups()).toEqual(EXPECTED);
    // Without the first agency's story the other two still tell the same event.
    await deleteArticle(t.app, ids.get(H1)!);
    await deleteArticle(t.app, ids.get(F1)!);
    expect(await groups()).toEqual([[H2, H3].sort(), [F2], [LATER]]);
    expect((await t.gql(`{ clusters { totalCount edges { node { size } } } }`)).data!.clusters).toEqual({ totalCount: 1, edges: [{ node: { size: 2 } }] });
  });
});
