import type { DataSource, EntityManager } from "typeorm";
import { CHANGE_CHANNEL, COUNTRIES_IN_EVENT, PEOPLE_IN_EVENT, TAGS_IN_EVENT, type ChangeType } from "./change-event";

/** A stored article a committed write created or updated. */
export interface ArticleWrite {
  id: string;
  type: ChangeType.CREATED | ChangeType.UPDATED;
}

/** The JSON of an article change for article row `a` joined with its source `s` (see ArticleChangeEvent). */
const articleEventSql = (typeSql: string) => `json_build_object(
    'kind', 'article', 'type', ${typeSql}, 'id', a.id, 'at', now(), 'source', s.code, 'publishedAt', a.published_at,
    'tags', to_json(ARRAY(SELECT left(t, 100) FROM unnest(a.tags[1:${TAGS_IN_EVENT}]) t)),
    'countries', to_json(ARRAY(SELECT m.country_code FROM country_mentions m WHERE m.article_id = a.id ORDER BY m.position LIMIT ${COUNTRIES_IN_EVENT})),
    'people', to_json(ARRAY(SELECT m.person_id FROM person_mentions m WHERE m.article_id = a.id ORDER BY m.position LIMIT ${PEOPLE_IN_EVENT}))
  )::text`;

/** The JSON of a relation change for relation row `r` (see RelationChangeEvent). */
const relationEventSql = (weightSql: string, changedSql: string) => `json_build_object('kind', 'relation', 'at', now(), 'relation', json_build_object(
    'id', r.id, 'kind', r.kind, 'subject_article_id', r.subject_article_id, 'subject_person_id', r.subject_person_id,
    'subject_country_code', r.subject_country_code, 'object_article_id', r.object_article_id,
    'object_country_code', r.object_country_code, 'title', left(r.title, 300), 'weight', ${weightSql},
    'first_seen_at', r.first_seen_at, 'last_seen_at', r.last_seen_at, 'changed_at', ${changedSql}))::text`;

/**
 * Announces committed article writes to every server (NOTIFY, on PostgreSQL and on the
 * embedded database alike): one event per article as it is now, and one per relation it
 * asserts, with its weight now. One statement for any number of articles (a batch writer
 * passes all of its stories at once).
 */
export async function notifyArticleWrites(db: DataSource | EntityManager, writes: readonly ArticleWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await db.query(
    `WITH w AS (SELECT * FROM unnest($2::uuid[], $3::text[]) AS w(id, type)),
     events AS (
       SELECT 0 AS n, ${articleEventSql("w.type")} AS payload
       FROM w JOIN articles a ON a.id = w.id JOIN sources s ON s.id = a.source_id
       UNION ALL
       SELECT 1, ${relationEventSql("r.weight", "r.changed_at")}
       -- Index lookups from the written articles to their evidence to its relations, as arrays: as
       -- joins, the planner hashed the whole evidence and relations tables for a batch of 250
       -- stories (130 ms at 20,000 stories, growing with the database).
       FROM relations r WHERE r.id = ANY(ARRAY(SELECT DISTINCT e.relation_id FROM relation_evidence e WHERE e.article_id = ANY($2::uuid[]))))
     SELECT count(pg_notify($1, payload))::int AS sent FROM (SELECT payload FROM events ORDER BY n) e`,
    [CHANGE_CHANNEL, writes.map((w) => w.id), writes.map((w) => w.type)],
  );
}

/**
 * Deletes an article inside the caller's transaction and returns the change events it makes
 * (the article as it was, each relation it asserted with its weight less this story), to be
 * sent with notifyPayloads once the transaction has committed. Null when there was no such article.
 */
export async function deleteArticleWithEvents(m: EntityManager, id: string): Promise<string[] | null> {
  // Every part of one statement sees the rows as they were before it: the mentions and the
  // evidence the cascade is about to remove are still there to describe the story.
  const rows: { payload: string }[] = await m.query(
    `WITH gone AS (DELETE FROM articles WHERE id = $1 RETURNING *)
     SELECT 0 AS n, ${articleEventSql("'DELETED'")} AS payload FROM gone a JOIN sources s ON s.id = a.source_id
     UNION ALL
     SELECT 1, ${relationEventSql("r.weight - 1", "now()")}
     FROM relation_evidence e JOIN relations r ON r.id = e.relation_id
     WHERE e.article_id = $1 AND EXISTS (SELECT 1 FROM gone)
     ORDER BY n`,
    [id],
  );
  return rows.length ? rows.map((r) => r.payload) : null;
}

/** Sends change events built earlier (deleteArticleWithEvents) once their transaction has committed. */
export async function notifyPayloads(db: DataSource | EntityManager, payloads: readonly string[]): Promise<void> {
  if (payloads.length === 0) return;
  await db.query(`SELECT count(pg_notify($1, p))::int AS sent FROM unnest($2::text[]) p`, [CHANGE_CHANNEL, payloads]);
}
