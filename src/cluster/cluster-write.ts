import type { EntityManager } from "typeorm";
import { planClusters } from "./cluster-plan";
import { matchingPairs, MATCH_WINDOW_HOURS, type StoryFeatures } from "./story-match";

/** The cluster a stored story is in (null: none); read before deleting it. */
export async function clusterOf(m: EntityManager, articleId: string): Promise<string | null> {
  const [row] = await m.query(`SELECT cluster_id FROM articles WHERE id = $1`, [articleId]);
  return row?.cluster_id ?? null;
}

interface PoolRow {
  id: string;
  cluster_id: string | null;
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
 * One statement reads a pool closed under matching: the written stories, every story sharing
 * a country with one of them within the time window (from the country mention index), and
 * every member of the clusters these are in. Matching and grouping happen here (planClusters):
 * only pairs with a written story (or a member of a cluster it may split) are compared; the
 * other clusters stand. Two statements write what changed. Each lookup of articles is by an array of ids or
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
     touched AS (SELECT a.cluster_id FROM articles a WHERE a.id = ANY(ARRAY(SELECT id FROM near)) AND a.cluster_id IS NOT NULL UNION SELECT unnest($2::uuid[])),
     pool AS (SELECT id FROM near UNION SELECT a.id FROM articles a WHERE a.cluster_id = ANY(ARRAY(SELECT cluster_id FROM touched)))
     SELECT a.id, a.cluster_id, a.published_at, a.cluster_terms AS terms,
            ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries,
            ARRAY(SELECT m.person_id::text FROM person_mentions m WHERE m.article_id = a.id) AS people
     FROM articles a WHERE a.id = ANY(ARRAY(SELECT id FROM pool))`,
    [articleIds, formerClusters, `${MATCH_WINDOW_HOURS} hours`],
  );
  const features: StoryFeatures[] = pool.map((p) => ({ id: p.id, publishedAt: new Date(p.published_at), countries: p.countries, people: p.people, terms: p.terms ?? [] }));
  // Worked out again: the written stories, and every member of a cluster one of them was in or
  // a story left (an edit or a delete can split it). Any other cluster in the pool stands as it
  // is (its stories still match one another), joined by a chain of edges among its members.
  const written = new Set(articleIds);
  const redone = new Set([...formerClusters, ...pool.filter((p) => written.has(p.id) && p.cluster_id).map((p) => p.cluster_id!)]);
  const redo = new Set(pool.filter((p) => written.has(p.id) || (p.cluster_id && redone.has(p.cluster_id))).map((p) => p.id));
  const standing = new Map<string, string>();
  const kept: [string, string][] = [];
  for (const p of pool) {
    if (!p.cluster_id || redo.has(p.id)) continue;
    const first = standing.get(p.cluster_id);
    if (first) kept.push([first, p.id]);
    else standing.set(p.cluster_id, p.id);
  }
  const plan = planClusters(
    pool.map((p) => ({ id: p.id, clusterId: p.cluster_id })),
    [...kept, ...matchingPairs(features, redo)],
  );
  const changed = pool.filter((p) => plan.assign.get(p.id) !== p.cluster_id);
  // Clusters whose members changed (a deleted story's cluster lost one without any re-assignment).
  const touched = [...new Set([...formerClusters, ...changed.flatMap((p) => [plan.assign.get(p.id), p.cluster_id])].filter((c): c is string => Boolean(c)))];
  if (touched.length === 0) return;
  if (changed.length) {
    await m.query(
      `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS t(id, cluster_id)),
       made AS (INSERT INTO clusters (id) SELECT unnest($3::uuid[]))
       UPDATE articles a SET cluster_id = t.cluster_id FROM t WHERE a.id = t.id`,
      [changed.map((p) => p.id), changed.map((p) => plan.assign.get(p.id)), plan.created],
    );
  }
  await m.query(
    `WITH s AS (SELECT cluster_id, count(*)::int AS n, min(published_at) AS first, max(published_at) AS last
                FROM articles WHERE cluster_id = ANY($1::uuid[]) GROUP BY cluster_id),
     gone AS (DELETE FROM clusters WHERE id = ANY($2::uuid[]))
     UPDATE clusters c SET size = s.n, first_published_at = s.first, last_published_at = s.last, updated_at = now()
     FROM s WHERE c.id = s.cluster_id`,
    [touched, plan.emptied],
  );
}
