import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, codes, startTestServer, type TestServer } from "./support/harness";
import { FILM_WEEK, HEALTH_DEAL, LATER_VACCINES } from "./fixtures/cluster-stories";
import { ingestStory } from "../src/ingest/ingest";
import { writeStories } from "../src/ingest/ingest.service";
import { prepareStory } from "../src/ingest/prepare";
import { deleteArticle } from "../src/ingest/article-admin.service";
import type { StoryInput } from "../src/ingest/story";
import { storyFromJson } from "../src/ingest/corpus-line";
import { rebuildClusters } from "../src/cluster/cluster-write";
import { comparable, MATCH_WINDOW_HOURS, storiesMatch } from "../src/cluster/story-match";
import { execFileSync } from "node:child_process";
import path from "node:path";

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
  /**
   * Stories two by two unlike the hand-written ones: each names Iran and Cuba and six words of a
   * vocabulary, the next story sliding one word on, four hours apart. A story matches the four
   * after it, so chains of matches run through all sixty (connected groups made one cluster of
   * ten days). With them, generated stories between one pair of countries, two hours apart.
   * Written in a shuffled order, in batches of one to nine, they must give what taking them in
   * publication order from scratch gives.
   */
  it("are bounded events, the same whatever order the stories arrive in", async () => {
    const words = `anchor barley candle dolphin engine falcon garlic harbor iceberg jacket kettle lantern marble nectar orchard pepper quarry ribbon
      saddle tunnel umbrella velvet walnut yogurt zipper bamboo cactus donkey emerald feather glacier hammer island jungle kayak lemon magnet needle
      oyster pillow quilt rocket spinach tomato violin wagon basket copper desert forest granite helmet ivory jigsaw ladder meadow noodle olive parrot
      radish salmon turnip valley`.split(/\s+/);
    const start = Date.parse("2026-02-01T00:00:00Z");
    const at = (i: number, hours: number) => new Date(start + i * hours * 3_600_000);
    const sliding: StoryInput[] = Array.from({ length: 60 }, (_, i) => {
      const text = `Iran and Cuba: ${words.slice(i, i + 6).join(" ")}.`;
      return { source: { code: "IP" }, headline: text, body: [text], publishedAt: at(i, 4) };
    });
    const lines = execFileSync("node", [path.resolve(__dirname, "../../shared/corpus/generate.mjs"), "--articles", "3000", "--seed", "21"], { encoding: "utf8", maxBuffer: 64 << 20 })
      .trim().split("\n").map((l) => JSON.parse(l));
    const pair = (l: { countries?: string[] }) => [...(l.countries ?? [])].sort().join();
    const counts = new Map<string, number>();
    for (const l of lines) if (l.countries?.length === 2) counts.set(pair(l), (counts.get(pair(l)) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const generated = lines.filter((l) => pair(l) === top).slice(0, 40).map((l, i) => storyFromJson({ ...l, related: [], publishedAt: at(i, 2).toISOString() }));
    const stories = [...sliding, ...generated];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shuffled = stories.map((s) => [random(), s] as const).sort((a, b) => a[0] - b[0]).map(([, s]) => s);

    await t.app.ds.query(`TRUNCATE articles, clusters CASCADE`);
    const tools = { countries: t.app.countries, matcher: t.app.matcher, maxStoryBytes: t.app.config.maxStoryBytes };
    for (let i = 0; i < shuffled.length; ) {
      const n = 1 + Math.floor(random() * 9);
      await writeStories(t.app.ds, shuffled.slice(i, i + n).map((s) => prepareStory(s, tools)));
      i += n;
    }
    /** Each story's cluster as the slugs of its stories, with each cluster's stored size, span and lead. */
    const snapshot = async () => {
      const rows: { slug: string; members: string[] | null; size: number | null; lead_ok: boolean | null; span_h: number | null }[] = await t.app.ds.query(
        `SELECT a.slug, c.size, c.lead_id = (SELECT b.id FROM articles b WHERE b.cluster_id = c.id ORDER BY b.published_at, b.id LIMIT 1) AS lead_ok,
                extract(epoch FROM c.last_published_at - c.first_published_at) / 3600 AS span_h,
                (SELECT array_agg(b.slug ORDER BY b.slug) FROM articles b WHERE b.cluster_id = a.cluster_id) AS members
         FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id ORDER BY a.slug`,
      );
      for (const r of rows) if (r.members) expect({ slug: r.slug, size: r.size, lead: r.lead_ok }).toEqual({ slug: r.slug, size: r.members.length, lead: true });
      return rows.map((r) => ({ slug: r.slug, members: r.members, span: Number(r.span_h) }));
    };
    const written = await snapshot();
    await t.app.ds.transaction((m) => rebuildClusters(m, 7));
    expect(await snapshot()).toEqual(written);

    const clusters = new Set(written.filter((r) => r.members).map((r) => r.members!.join()));
    expect(clusters.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...written.map((r) => r.span || 0))).toBeLessThanOrEqual(MATCH_WINDOW_HOURS);
    // Moved in time (told again, later), and deleted: still what working them out from scratch gives.
    for (const i of [3, 17, 18, 40, 55]) await ingestStory(t.app, { ...sliding[i], publishedAt: new Date(sliding[i].publishedAt!.getTime() + 30 * 3_600_000) });
    const doomed: { id: string }[] = await t.app.ds.query(`SELECT id FROM articles ORDER BY md5(id::text) LIMIT 12`);
    for (const { id } of doomed) await deleteArticle(t.app, id);
    const edited = await snapshot();
    expect(edited).not.toEqual(written);
    await t.app.ds.transaction((m) => rebuildClusters(m, 7));
    expect(await snapshot()).toEqual(edited);

    // The stories do chain: connected groups of matching stories would span more than the window.
    const features: { id: string; published_at: Date; terms: string[]; countries: string[]; people: string[] }[] = await t.app.ds.query(
      `SELECT a.id, a.published_at, a.cluster_terms AS terms, ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries,
              ARRAY(SELECT m.person_id::text FROM person_mentions m WHERE m.article_id = a.id) AS people FROM articles a ORDER BY a.published_at`,
    );
    const items = features.filter((f) => f.countries.includes("IR") && f.countries.includes("CU")).map((f) => comparable({ ...f, publishedAt: new Date(f.published_at) }));
    const reach = new Set([items[0]]);
    for (const x of items) if ([...reach].some((y) => storiesMatch(x, y))) reach.add(x);
    expect((Math.max(...[...reach].map((x) => x.at)) - items[0].at) / 3_600_000).toBeGreaterThan(3 * MATCH_WINDOW_HOURS);
  }, 120_000);
});
