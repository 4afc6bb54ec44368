import type { EntityManager } from "typeorm";
import { planClusters, type ClusterMember } from "./cluster-plan";
import { matchingPairs, MATCH_WINDOW_HOURS, type StoryFeatures } from "./story-match";

/** The cluster a stored story is in (null: none); read before deleting it. */
export async function clusterOf(m: EntityManager, articleId: string): Promise<string | null> {
  const [row] = await m.query(`SELECT cluster_id FROM articles WHERE id = $1`, [articleId]);
  return row?.cluster_id ?? null;
}

interface PoolRow {
  id: string;
  cluster_id: string | null;
  cluster_size: number | null;
  published_at: Date;
  countries: string[];
  people: string[];
  terms: string[];
}

/**
 * The clustering step of the shared write round (and of a delete): after `articleIds` were
 * written with their mentions (or a story left `formerClusters`), re-clusters every story the
 * change can affect, so that clusters stay the connected groups of matching stories
 * (storiesMatch) after inserts, updates and deletes alike.
 *
 * One statement reads the stories a change can affect: the written stories, every story sharing
 * a country with one of them within the time window (from the country mention index), and every
 * member of a cluster that has to be worked out again (one a written story was in, or one a
 * story left). Matching and grouping happen here (planClusters): only pairs with one of those
 * stories are compared, and any other cluster stands whole (its members are not read; merged
 * into another, they move in one statement). Each lookup of articles is by an array of ids or
 * clusters (`= ANY(ARRAY(…))`: an index probe per element); with `IN (SELECT …)` the planner
 * guessed thousands of rows and scanned the whole articles table for every batch. Clustering
 * is serialised by a transaction-level advisory lock taken in a statement of its own, so
 * concurrent writers see each other's stories (READ COMMITTED: the statements after the wait
 * see the other writer's commit).
 */
export async function reclusterStories(m: EntityManager, articleIds: readonly string[], formerClusters: readonly string[] = []): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('newsgraph:clusters'))`);
  const pool: PoolRow[] = await m.query(
    `WITH r AS (SELECT a.id, a.published_at, ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries
                FROM articles a WHERE a.id = ANY($1::uuid[])),
     near AS (
       SELECT r.id FROM r
       UNION SELECT cm.article_id FROM r JOIN country_mentions cm ON cm.country_code = ANY(r.countries)
         AND cm.published_at BETWEEN r.published_at - $3::interval AND r.published_at + $3::interval),
     redone AS (SELECT a.cluster_id FROM articles a WHERE a.id = ANY($1::uuid[]) AND a.cluster_id IS NOT NULL UNION SELECT unnest($2::uuid[])),
     pool AS (SELECT id FROM near UNION SELECT a.id FROM articles a WHERE a.cluster_id = ANY(ARRAY(SELECT cluster_id FROM redone)))
     SELECT a.id, a.cluster_id, a.published_at, a.cluster_terms AS terms, c.size AS cluster_size,
            ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries,
            ARRAY(SELECT m.person_id::text FROM person_mentions m WHERE m.article_id = a.id) AS people
     FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id WHERE a.id = ANY(ARRAY(SELECT id FROM pool))`,
    [articleIds, formerClusters, `${MATCH_WINDOW_HOURS} hours`],
  );
  const features: StoryFeatures[] = pool.map((p) => ({ id: p.id, publishedAt: new Date(p.published_at), countries: p.countries, people: p.people, terms: p.terms ?? [] }));
  // Worked out again, story by story: the written stories, and every member of a cluster one of
  // them was in or a story left (an edit or a delete can split it). Any other cluster stands as
  // it is (its stories still match one another): one node of the plan, weighing its size, which
  // a written story can join or bridge to another; its members are not read.
  const written = new Set(articleIds);
  const redoClusters = new Set([...formerClusters, ...pool.filter((p) => written.has(p.id) && p.cluster_id).map((p) => p.cluster_id!)]);
  const redo = new Set(pool.filter((p) => written.has(p.id) || (p.cluster_id && redoClusters.has(p.cluster_id))).map((p) => p.id));
  const nodeOf = (p: PoolRow): string => (p.cluster_id && !redo.has(p.id) ? `cluster:${p.cluster_id}` : p.id);
  const byId = new Map(pool.map((p) => [p.id, p]));
  const nodes = new Map<string, ClusterMember>();
  for (const p of pool) {
    const id = nodeOf(p);
    if (!nodes.has(id)) nodes.set(id, { id, clusterId: p.cluster_id, weight: id === p.id ? 1 : Math.max(1, p.cluster_size ?? 1) });
  }
  const edges = matchingPairs(features, redo).map(([a, b]) => [nodeOf(byId.get(a)!), nodeOf(byId.get(b)!)] as const);
  const plan = planClusters([...nodes.values()], edges);
  // Stories re-assigned one by one, and standing clusters merged into another as a whole.
  const moved = pool.filter((p) => !p.cluster_id || redo.has(p.id)).filter((p) => plan.assign.get(p.id) !== p.cluster_id);
  const merged = [...nodes.values()].filter((n) => n.id.startsWith("cluster:") && plan.assign.get(n.id) !== n.clusterId);
  // Clusters that lost a story (an edit, a delete) are counted again; the others only gained
  // (stories joined, or a standing cluster merged in): their size and dates move by what came in,
  // without reading their members (a big cluster's recount cost every batch that touched it).
  const emptied = new Set(plan.emptied);
  const lost = new Set([...formerClusters, ...moved.map((p) => p.cluster_id)].filter((c): c is string => Boolean(c) && !emptied.has(c!)));
  const joined = moved.filter((p) => plan.assign.get(p.id) && !lost.has(plan.assign.get(p.id)!));
  const mergedInto = merged.filter((n) => plan.assign.get(n.id) && !lost.has(plan.assign.get(n.id)!));
  if (lost.size + joined.length + mergedInto.length + emptied.size === 0) return;
  if (moved.length || merged.length) {
    await m.query(
      `WITH made AS (INSERT INTO clusters (id) SELECT unnest($3::uuid[])),
       moves AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS t(id, cluster_id)
                 UNION ALL -- a standing cluster merged into another: all its members, by the cluster index
                 SELECT a.id, k.into_id FROM unnest($4::uuid[], $5::uuid[]) AS k(cluster_id, into_id) JOIN articles a ON a.cluster_id = k.cluster_id)
       UPDATE articles a SET cluster_id = moves.cluster_id FROM moves WHERE a.id = moves.id`,
      [moved.map((p) => p.id), moved.map((p) => plan.assign.get(p.id)), plan.created, merged.map((n) => n.clusterId), merged.map((n) => plan.assign.get(n.id))],
    );
  }
  await m.query(
    `WITH recount AS (SELECT cluster_id AS id, count(*)::int AS n, min(published_at) AS first, max(published_at) AS last
                      FROM articles WHERE cluster_id = ANY($1::uuid[]) GROUP BY cluster_id),
     gained AS (SELECT id, sum(n)::int AS n, min(first) AS first, max(last) AS last FROM (
                  SELECT j.id, 1 AS n, j.at AS first, j.at AS last FROM unnest($2::uuid[], $3::timestamptz[]) AS j(id, at)
                  UNION ALL
                  SELECT k.into_id, c.size, c.first_published_at, c.last_published_at
                  FROM unnest($4::uuid[], $5::uuid[]) AS k(cluster_id, into_id) JOIN clusters c ON c.id = k.cluster_id) g
                GROUP BY id),
     gone AS (DELETE FROM clusters WHERE id = ANY($6::uuid[]))
     UPDATE clusters c SET updated_at = now(),
       size = coalesce(r.n, c.size + g.n),
       first_published_at = coalesce(r.first, least(c.first_published_at, g.first)),
       last_published_at = coalesce(r.last, greatest(c.last_published_at, g.last))
     FROM (SELECT id FROM recount UNION SELECT id FROM gained) t
     LEFT JOIN recount r ON r.id = t.id LEFT JOIN gained g ON g.id = t.id
     WHERE c.id = t.id`,
    [
      [...lost],
      joined.map((p) => plan.assign.get(p.id)), joined.map((p) => p.published_at),
      mergedInto.map((n) => n.clusterId), mergedInto.map((n) => plan.assign.get(n.id)),
      plan.emptied,
    ],
  );
}
