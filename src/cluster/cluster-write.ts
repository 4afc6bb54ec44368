import type { EntityManager } from "typeorm";
import { planClusterIds, planLeads, type PoolStory } from "./cluster-plan";
import { MATCH_WINDOW_HOURS } from "./story-match";

/** The cluster a stored story is in (null: none); read before deleting it. */
export async function clusterOf(m: EntityManager, articleId: string): Promise<string | null> {
  const [row] = await m.query(`SELECT cluster_id FROM articles WHERE id = $1`, [articleId]);
  return row?.cluster_id ?? null;
}

interface PoolRow {
  id: string;
  cluster_id: string | null;
  leads: boolean;
  published_at: Date;
  countries: string[];
  people: string[];
  terms: string[];
}

/** What planning needs of a story (`a`, its cluster `c`). */
const POOL_COLUMNS = `a.id, a.cluster_id, (a.cluster_id IS NULL OR c.lead_id = a.id) AS leads, a.published_at, a.cluster_terms AS terms,
  ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries,
  ARRAY(SELECT m.person_id::text FROM person_mentions m WHERE m.article_id = a.id) AS people`;

/**
 * The stories to work out again and every story around them: `written` stories and the stories
 * of the clusters they were in, the clusters in `redoClusters`, the stories in `more`, and each
 * story sharing a country with one of those within the window (from the country mention index).
 * Each lookup of articles is by an array of ids or clusters (`= ANY(ARRAY(…))`: an index probe
 * per element); with `IN (SELECT …)` the planner guessed thousands of rows and scanned the whole
 * articles table.
 */
async function readPool(m: EntityManager, written: readonly string[], more: readonly string[], redoClusters: readonly string[]): Promise<PoolRow[]> {
  return m.query(
    `WITH redone AS (SELECT a.cluster_id FROM articles a WHERE a.id = ANY($1::uuid[]) AND a.cluster_id IS NOT NULL UNION SELECT unnest($3::uuid[])),
     d AS (SELECT unnest($1::uuid[] || $2::uuid[]) AS id UNION SELECT a.id FROM articles a WHERE a.cluster_id = ANY(ARRAY(SELECT cluster_id FROM redone))),
     r AS (SELECT a.id, a.published_at, ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id) AS countries
           FROM articles a WHERE a.id = ANY(ARRAY(SELECT id FROM d))),
     near AS (
       SELECT r.id FROM r
       UNION SELECT cm.article_id FROM r JOIN country_mentions cm ON cm.country_code = ANY(r.countries)
         AND cm.published_at BETWEEN r.published_at - $4::interval AND r.published_at + $4::interval)
     SELECT ${POOL_COLUMNS} FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id WHERE a.id = ANY(ARRAY(SELECT id FROM near))`,
    [written, more, redoClusters, `${MATCH_WINDOW_HOURS} hours`],
  );
}

const toPoolStory = (p: PoolRow): PoolStory => ({
  id: p.id,
  clusterId: p.cluster_id,
  leads: p.leads,
  publishedAt: new Date(p.published_at),
  countries: p.countries,
  people: p.people,
  terms: p.terms ?? [],
});

/**
 * The clustering step of the shared write round (and of a delete): after `articleIds` were
 * written with their mentions (or a story left `formerClusters`), works out again every story
 * whose lead the change can alter (cluster-plan.ts), so that the clusters are what taking every
 * stored story in publication order gives, whatever order they were written in.
 *
 * The written stories, the stories of the clusters they were in or a deleted story left, and
 * the stories around them are read; their leads are planned; when the plan reaches stories
 * outside what was read (a written story earlier than stories already stored can take them
 * from their lead, and a lead that now follows another releases its cluster), those are read
 * with theirs and the plan made again. Stories written in publication order reach nothing
 * further: one read. Clustering is serialised by a transaction-level advisory lock taken in a
 * statement of its own, so concurrent writers see each other's stories (READ COMMITTED: the
 * statements after the wait see the other writer's commit).
 */
export async function reclusterStories(m: EntityManager, articleIds: readonly string[], formerClusters: readonly string[] = []): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('newsgraph:clusters'))`);
  const written = new Set(articleIds);
  const more = new Set<string>();
  const redoClusters = new Set(formerClusters);
  for (;;) {
    const pool = (await readPool(m, articleIds, [...more], [...redoClusters])).map(toPoolStory);
    for (const p of pool) if (written.has(p.id) && p.clusterId) redoClusters.add(p.clusterId);
    const redo = new Set(pool.filter((p) => written.has(p.id) || more.has(p.id) || (p.clusterId && redoClusters.has(p.clusterId))).map((p) => p.id));
    const leads = planLeads(pool, redo, written);
    const reached = leads.more.filter((id) => !more.has(id));
    const reopened = leads.reopen.filter((id) => !redoClusters.has(id));
    if (reached.length + reopened.length > 0) {
      for (const id of reached) more.add(id);
      for (const id of reopened) redoClusters.add(id);
      continue;
    }
    const plan = planClusterIds(pool, leads.leadOf, redoClusters);
    const stored = new Map(pool.map((p) => [p.id, p.clusterId]));
    const moved = [...plan.assign].filter(([id, cluster]) => stored.get(id) !== cluster);
    await writeClusters(m, moved, plan.created, [...redoClusters, ...moved.flatMap(([id, cluster]) => [stored.get(id), cluster])]);
    return;
  }
}

/**
 * Moves stories between clusters (creating the new ones first), then counts the touched
 * clusters again: size, first and latest story, lead (the first story). A cluster left with
 * fewer than two stories is deleted; the foreign key takes its last story out of it.
 */
async function writeClusters(m: EntityManager, moved: readonly [string, string | null][], created: readonly string[], touched: readonly (string | null | undefined)[]): Promise<void> {
  if (moved.length) {
    await m.query(
      `WITH made AS (INSERT INTO clusters (id) SELECT unnest($3::uuid[]))
       UPDATE articles a SET cluster_id = t.cluster_id FROM unnest($1::uuid[], $2::uuid[]) AS t(id, cluster_id) WHERE a.id = t.id`,
      [moved.map(([id]) => id), moved.map(([, cluster]) => cluster), created],
    );
  }
  const clusters = [...new Set(touched.filter((c): c is string => Boolean(c)))];
  if (!clusters.length) return;
  await m.query(
    `WITH recount AS (SELECT cluster_id AS id, count(*)::int AS n, min(published_at) AS first, max(published_at) AS last,
                             (array_agg(id ORDER BY published_at, id))[1] AS lead
                      FROM articles WHERE cluster_id = ANY($1::uuid[]) GROUP BY cluster_id),
     gone AS (DELETE FROM clusters c WHERE c.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM recount r WHERE r.id = c.id AND r.n >= 2))
     UPDATE clusters c SET updated_at = now(), size = r.n, first_published_at = r.first, last_published_at = r.last, lead_id = r.lead
     FROM recount r WHERE c.id = r.id AND r.n >= 2`,
    [clusters],
  );
}

/**
 * Works every cluster out again from the stored stories, taking them in publication order a
 * chunk at a time with the leads of the window before the chunk (a migration that changes what
 * a cluster is uses it). Memory stays bounded by the stories of a chunk and of one window.
 */
export async function rebuildClusters(m: EntityManager, chunk = 5000): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('newsgraph:clusters'))`);
  await m.query(`UPDATE articles SET cluster_id = NULL WHERE cluster_id IS NOT NULL`);
  await m.query(`DELETE FROM clusters`);
  const all: string[] = [];
  let recent: PoolStory[] = [];
  let last: PoolStory | undefined;
  for (;;) {
    const rows: PoolRow[] = await m.query(
      `SELECT ${POOL_COLUMNS} FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id
       WHERE $1::timestamptz IS NULL OR (a.published_at, a.id) > ($1::timestamptz, $2::uuid)
       ORDER BY a.published_at, a.id LIMIT $3`,
      [last?.publishedAt ?? null, last?.id ?? null, chunk],
    );
    if (!rows.length) break;
    const stories = rows.map(toPoolStory);
    const pool = [...recent, ...stories];
    const ids = new Set(stories.map((s) => s.id));
    const { leadOf } = planLeads(pool, ids, ids);
    const plan = planClusterIds(pool, leadOf, new Set());
    const stored = new Map(pool.map((p) => [p.id, p.clusterId]));
    await writeClusters(m, [...plan.assign].filter(([id, cluster]) => stored.get(id) !== cluster), plan.created, []);
    all.push(...plan.created);
    last = stories[stories.length - 1];
    // The leads a later story can still follow, in the clusters they now have.
    const end = last.publishedAt.getTime();
    recent = pool
      .filter((p) => end - p.publishedAt.getTime() <= MATCH_WINDOW_HOURS * 3_600_000 && (!ids.has(p.id) || leadOf.get(p.id) === p.id))
      .map((p) => ({ ...p, leads: true, clusterId: plan.assign.has(p.id) ? plan.assign.get(p.id)! : p.clusterId }));
  }
  await writeClusters(m, [], [], all);
}
