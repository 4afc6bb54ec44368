import type { EntityManager } from "typeorm";
import { planClusterIds, planLeads, type ClusterPlan, type PoolStory } from "./cluster-plan";
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
 * of the clusters they were in, the stories of `clusters`, the stories in `more`, and each
 * story sharing a country with one of those within the window (from the country mention index).
 * Each lookup of articles is by an array of ids or clusters (`= ANY(ARRAY(…))`: an index probe
 * per element); with `IN (SELECT …)` the planner guessed thousands of rows and scanned the whole
 * articles table.
 */
async function readPool(m: EntityManager, { written, more, clusters }: { written: readonly string[]; more: readonly string[]; clusters: readonly string[] }): Promise<PoolRow[]> {
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
    [written, more, clusters, `${MATCH_WINDOW_HOURS} hours`],
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
  // What the first round reads, and then only what each later round reaches (the stored clusters
  // cannot change meanwhile: every writer clusters under the lock).
  const pool = new Map<string, PoolStory>();
  let read: Parameters<typeof readPool>[1] = { written: articleIds, more: [], clusters: formerClusters };
  for (;;) {
    for (const row of await readPool(m, read)) if (!pool.has(row.id)) pool.set(row.id, toPoolStory(row));
    const stories = [...pool.values()];
    for (const p of stories) if (written.has(p.id) && p.clusterId) redoClusters.add(p.clusterId);
    const redo = new Set(stories.filter((p) => written.has(p.id) || more.has(p.id) || (p.clusterId && redoClusters.has(p.clusterId))).map((p) => p.id));
    const leads = planLeads(stories, redo, written);
    read = { written: [], more: leads.more.filter((id) => !more.has(id)), clusters: leads.reopen.filter((id) => !redoClusters.has(id)) };
    if (read.more.length + read.clusters.length === 0) {
      const plan = planClusterIds(stories, leads.leadOf, redoClusters);
      await writeClusters(m, plan.moved, plan.created, [...redoClusters, ...plan.moved.flatMap((s) => [s.from, s.to])]);
      return;
    }
    for (const id of read.more) more.add(id);
    for (const id of read.clusters) redoClusters.add(id);
  }
}

/**
 * Moves stories between clusters (creating the new ones first), then counts the touched
 * clusters again: size, first and latest story, lead (the first story). A cluster left with
 * fewer than two stories is deleted; the foreign key takes its last story out of it.
 */
async function writeClusters(m: EntityManager, moved: ClusterPlan["moved"], created: readonly string[], touched: readonly (string | null)[]): Promise<void> {
  if (moved.length) {
    await m.query(
      `WITH made AS (INSERT INTO clusters (id) SELECT unnest($3::uuid[]))
       UPDATE articles a SET cluster_id = t.cluster_id FROM unnest($1::uuid[], $2::uuid[]) AS t(id, cluster_id) WHERE a.id = t.id`,
      [moved.map((s) => s.id), moved.map((s) => s.to), created],
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
  // The last story of the chunk before, as the database orders it (its time as text: exact to the microsecond).
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows: (PoolRow & { at_key: string })[] = await m.query(
      `SELECT ${POOL_COLUMNS}, a.published_at::text AS at_key FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id
       WHERE $1::timestamptz IS NULL OR (a.published_at, a.id) > ($1::timestamptz, $2::uuid)
       ORDER BY a.published_at, a.id LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, chunk],
    );
    if (!rows.length) break;
    after = { at: rows[rows.length - 1].at_key, id: rows[rows.length - 1].id };
    const stories = rows.map(toPoolStory);
    const pool = [...recent, ...stories];
    const ids = new Set(stories.map((s) => s.id));
    const { leadOf } = planLeads(pool, ids, ids);
    const plan = planClusterIds(pool, leadOf, new Set());
    await writeClusters(m, plan.moved, plan.created, []);
    all.push(...plan.created);
    // The leads a later story can still follow, in the clusters they now have.
    const end = stories[stories.length - 1].publishedAt.getTime();
    recent = pool
      .filter((p) => end - p.publishedAt.getTime() <= MATCH_WINDOW_HOURS * 3_600_000 && (!ids.has(p.id) || leadOf.get(p.id) === p.id))
      .map((p) => ({ ...p, leads: true, clusterId: plan.assign.has(p.id) ? plan.assign.get(p.id)! : p.clusterId }));
  }
  await writeClusters(m, [], [], all);
}
