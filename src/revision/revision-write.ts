import type { EntityManager } from "typeorm";
import type { PreparedStory } from "../ingest/prepare";

/** A story about to be written over the stored article `id` (if there is one). */
export interface IncomingVersion {
  id: string;
  sourceId: string;
  story: PreparedStory;
}

/**
 * The write step of revision history, called inside the write transaction before the article
 * row is written — by writeStory for one story, by a batch writer for all of its stories at
 * once (one statement either way). For each stored article that the incoming version changes
 * (a field, or the people or countries it names), the stored version is kept in
 * article_revisions with what it had changed, and the article moves to the next revision
 * with what this one changes. An unchanged re-ingest and a new story keep nothing.
 */
export async function keepReplacedVersions(m: EntityManager, versions: readonly IncomingVersion[]): Promise<void> {
  if (versions.length === 0) return;
  const incoming = versions.map(({ id, sourceId, story }) => ({
    id,
    source_id: sourceId,
    headline: story.headline,
    summary: story.summary,
    body: story.body,
    dateline: story.dateline,
    published_at: story.publishedAt.toISOString(),
    keep_published: story.publishedAtGuessed,
    url: story.url,
    tags: story.tags,
    language: story.language,
    people: story.people.map((p) => p.name),
    countries: story.countries.map((c) => c.key),
  }));
  await m.query(
    `WITH n AS (
       SELECT n.id, n.source_id, n.headline, n.summary, n.dateline, n.published_at, n.keep_published, n.url, n.language,
              ARRAY(SELECT jsonb_array_elements_text(n.body)) AS body, ARRAY(SELECT jsonb_array_elements_text(n.tags)) AS tags,
              ARRAY(SELECT jsonb_array_elements_text(n.people)) AS people, ARRAY(SELECT jsonb_array_elements_text(n.countries)) AS countries
       FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, source_id uuid, headline text, summary text, body jsonb, dateline text,
            published_at timestamptz, keep_published boolean, url text, tags jsonb, language text, people jsonb, countries jsonb)),
     o AS (
       SELECT a.id, a.revision, a.ingested_at, a.source_id, a.headline, a.summary, a.body, a.dateline, a.published_at, a.url, a.tags,
              a.language, a.changes,
              ARRAY(SELECT p.name FROM person_mentions pm JOIN people p ON p.id = pm.person_id WHERE pm.article_id = a.id ORDER BY pm.position) AS people,
              ARRAY(SELECT c.country_code FROM country_mentions c WHERE c.article_id = a.id ORDER BY c.position) AS countries
       FROM articles a WHERE a.id IN (SELECT id FROM n) FOR UPDATE OF a),
     d AS (
       SELECT o.*, array_remove(ARRAY[
                CASE WHEN o.headline IS DISTINCT FROM n.headline THEN 'headline' END,
                CASE WHEN o.summary IS DISTINCT FROM n.summary THEN 'summary' END,
                CASE WHEN o.body IS DISTINCT FROM n.body THEN 'body' END,
                CASE WHEN o.dateline IS DISTINCT FROM n.dateline THEN 'dateline' END,
                CASE WHEN NOT n.keep_published AND o.published_at IS DISTINCT FROM n.published_at THEN 'publishedAt' END,
                CASE WHEN o.url IS DISTINCT FROM n.url THEN 'url' END,
                CASE WHEN o.tags IS DISTINCT FROM n.tags THEN 'tags' END,
                CASE WHEN o.language IS DISTINCT FROM n.language THEN 'language' END,
                CASE WHEN o.source_id IS DISTINCT FROM n.source_id THEN 'source' END], NULL) AS fields,
              ARRAY(SELECT x FROM unnest(n.people) x WHERE NOT x = ANY(o.people)) AS people_added,
              ARRAY(SELECT x FROM unnest(o.people) x WHERE NOT x = ANY(n.people)) AS people_removed,
              ARRAY(SELECT x FROM unnest(n.countries) x WHERE NOT x = ANY(o.countries)) AS countries_added,
              ARRAY(SELECT x FROM unnest(o.countries) x WHERE NOT x = ANY(n.countries)) AS countries_removed
       FROM o JOIN n ON n.id = o.id),
     changed AS (
       SELECT * FROM d
       WHERE cardinality(fields) + cardinality(people_added) + cardinality(people_removed) + cardinality(countries_added) + cardinality(countries_removed) > 0),
     kept AS (
       INSERT INTO article_revisions (article_id, revision, written_at, source_id, headline, summary, body, dateline, published_at,
                                      url, tags, language, people, countries, changes)
       SELECT id, revision, ingested_at, source_id, headline, summary, body, dateline, published_at, url, tags, language, people, countries, changes
       FROM changed)
     UPDATE articles a SET revision = c.revision + 1,
       changes = jsonb_build_object('fields', to_jsonb(c.fields), 'peopleAdded', to_jsonb(c.people_added), 'peopleRemoved', to_jsonb(c.people_removed),
                                    'countriesAdded', to_jsonb(c.countries_added), 'countriesRemoved', to_jsonb(c.countries_removed))
     FROM changed c WHERE a.id = c.id`,
    [JSON.stringify(incoming)],
  );
}

/**
 * Keeps the last version of a story that is being deleted (inside the delete's transaction,
 * before the row goes) and marks every kept version of it deleted: its history stays
 * readable by editors.
 */
export async function keepDeletedVersion(m: EntityManager, id: string): Promise<void> {
  await m.query(
    `WITH last AS (
       INSERT INTO article_revisions (article_id, revision, written_at, source_id, headline, summary, body, dateline, published_at,
                                      url, tags, language, people, countries, changes, deleted_at)
       SELECT a.id, a.revision, a.ingested_at, a.source_id, a.headline, a.summary, a.body, a.dateline, a.published_at, a.url, a.tags, a.language,
              ARRAY(SELECT p.name FROM person_mentions pm JOIN people p ON p.id = pm.person_id WHERE pm.article_id = a.id ORDER BY pm.position),
              ARRAY(SELECT c.country_code FROM country_mentions c WHERE c.article_id = a.id ORDER BY c.position),
              a.changes, now()
       FROM articles a WHERE a.id = $1)
     UPDATE article_revisions SET deleted_at = now() WHERE article_id = $1 AND deleted_at IS NULL`,
    [id],
  );
}
