import type { EntityManager } from "typeorm";
import { KNOWN_SOURCES } from "../../source/known-sources";
import { stableUuid } from "../normalize";
import type { PreparedStory } from "../prepare";
import { column, type RoundStory } from "./round";

/** Near-duplicate threshold (trigram similarity of normalized headlines) for resolving printed titles. */
export const TITLE_SIMILARITY = 0.8;

/** The name a story gives its outlet: its own, else the known outlet's, else none (the code names it). */
export const wantedSourceName = (s: PreparedStory): string | null => s.source.name ?? KNOWN_SOURCES[s.source.code] ?? null;

/**
 * Source ids by code for a batch. Most stories come from a known outlet under its known name:
 * a plain read, no row lock, so concurrent writers of one outlet do not queue on its row. An
 * unknown code names itself until a story says what the outlet is called; the last name a
 * story of the batch gives wins, as if they were written one by one.
 */
export async function upsertSources(m: EntityManager, stories: readonly PreparedStory[]): Promise<Map<string, string>> {
  const wanted = new Map<string, string | null>();
  for (const s of stories) {
    const name = wantedSourceName(s);
    if (name !== null || !wanted.has(s.source.code)) wanted.set(s.source.code, name);
  }
  const codes = [...wanted.keys()];
  const known: { id: string; code: string; name: string }[] = await m.query(`SELECT id, code, name FROM sources WHERE code = ANY($1::text[])`, [codes]);
  const ids = new Map(known.map((k) => [k.code, k.id]));
  const names = new Map(known.map((k) => [k.code, k.name]));
  const changed = codes.filter((c) => !ids.has(c) || (wanted.get(c) !== null && names.get(c) !== wanted.get(c))).sort();
  if (changed.length) {
    const rows: { id: string; code: string }[] = await m.query(
      `WITH t AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(code, name))
       INSERT INTO sources (code, name) SELECT t.code, coalesce(t.name, t.code) FROM t ORDER BY t.code
       ON CONFLICT (code) DO UPDATE SET name = coalesce((SELECT t.name FROM t WHERE t.code = excluded.code), sources.name)
       RETURNING id, code`,
      [changed, changed.map((c) => wanted.get(c))],
    );
    for (const r of rows) ids.set(r.code, r.id);
  }
  return ids;
}

/**
 * The article id of each story: the given one, else the stored story it re-ingests (same
 * source and URL, else same source and text), else a deterministic UUID from source + URL or
 * source + text; and whether an article of that id is stored already. One statement.
 */
export async function resolveArticleIds(m: EntityManager, round: RoundStory[]): Promise<void> {
  const fallback = (r: RoundStory) => r.story.id ?? stableUuid(`${r.story.source.code}|${r.story.url ? "url:" + r.story.url : "text:" + r.story.contentHash}`);
  const rows: { i: number; id: string; stored: boolean }[] = await m.query(
    `SELECT t.i, coalesce(found.id, t.fallback) AS id, (found.id IS NOT NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.id = t.fallback)) AS stored
     FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::boolean[]) AS t(i, source_id, url, hash, fallback, look)
     LEFT JOIN LATERAL (SELECT a.id FROM articles a WHERE t.look AND a.source_id = t.source_id AND ((a.url IS NOT NULL AND a.url = t.url) OR a.content_hash = t.hash)
                        ORDER BY (a.url IS NOT DISTINCT FROM t.url) DESC LIMIT 1) found ON true`,
    [
      column(round, (r) => r.index), column(round, (r) => r.sourceId), column(round, (r) => r.story.url), column(round, (r) => r.story.contentHash),
      column(round, fallback), column(round, (r) => !r.story.id),
    ],
  );
  const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
  for (const r of round) {
    const row = byIndex.get(r.index)!;
    r.articleId = row.id;
    r.stored = row.stored;
  }
}

/**
 * Inserts or updates the round's articles in one statement. A wanted slug another story has
 * gets a short id suffix; the trigram threshold for the transaction is set here too, so the
 * near-duplicate headline lookups (the % operator) get only close candidates from the index.
 * A guessed publication time gives way to the one stored before. Fills in created, slug and
 * the stored publication time.
 */
export async function upsertArticles(m: EntityManager, round: RoundStory[]): Promise<void> {
  const rows: { id: string; created: boolean; slug: string; published_at: Date }[] = await m.query(
    `WITH cfg AS (SELECT set_config('pg_trgm.similarity_threshold', $16, true)),
     t AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                                $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::boolean[])
             AS t(id, slug, source_id, headline, headline_norm, summary, body, dateline, dateline_country_code,
                  published_at, language, url, tags, content_hash, guessed))
     INSERT INTO articles (id, slug, source_id, headline, headline_norm, summary, body, dateline, dateline_country_code,
                           published_at, ingested_at, language, url, tags, content_hash)
     SELECT t.id, CASE WHEN EXISTS (SELECT 1 FROM articles x WHERE x.slug = t.slug AND x.id <> t.id) THEN t.slug || '-' || left(t.id::text, 8) ELSE t.slug END,
            t.source_id, t.headline, t.headline_norm, t.summary, ARRAY(SELECT json_array_elements_text(t.body::json)), t.dateline, t.dateline_country_code,
            t.published_at, now(), t.language, t.url, ARRAY(SELECT json_array_elements_text(t.tags::json)), t.content_hash
     FROM t, cfg
     ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, source_id = excluded.source_id, headline = excluded.headline,
       headline_norm = excluded.headline_norm, summary = excluded.summary, body = excluded.body, dateline = excluded.dateline,
       dateline_country_code = excluded.dateline_country_code, ingested_at = now(),
       published_at = CASE WHEN excluded.id = ANY($17::uuid[]) THEN articles.published_at ELSE excluded.published_at END,
       language = excluded.language, url = excluded.url, tags = excluded.tags, content_hash = excluded.content_hash
     RETURNING id, (xmax = 0) AS created, slug, published_at`,
    [
      column(round, (r) => r.articleId), column(round, (r) => r.story.slug), column(round, (r) => r.sourceId),
      column(round, (r) => r.story.headline), column(round, (r) => r.story.headlineNorm), column(round, (r) => r.story.summary),
      column(round, (r) => JSON.stringify(r.story.body)), column(round, (r) => r.story.dateline), column(round, (r) => r.story.datelineCountry),
      column(round, (r) => r.story.publishedAt), column(round, (r) => r.story.language), column(round, (r) => r.story.url),
      column(round, (r) => JSON.stringify(r.story.tags)), column(round, (r) => r.story.contentHash), column(round, (r) => r.story.publishedAtGuessed),
      String(TITLE_SIMILARITY), round.filter((r) => r.story.publishedAtGuessed).map((r) => r.articleId),
    ],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const r of round) {
    const row = byId.get(r.articleId)!;
    r.created = Boolean(row.created);
    r.slug = row.slug;
    // What follows (mentions, evidence) copies the stored time.
    r.story = { ...r.story, publishedAt: row.published_at };
  }
}

/** Removes what previous versions of re-ingested stories asserted; triggers re-weigh relations. */
export async function clearDerived(m: EntityManager, round: RoundStory[]): Promise<void> {
  const ids = round.filter((r) => !r.created).map((r) => r.articleId);
  if (ids.length === 0) return;
  await m.query(
    `WITH e AS (DELETE FROM relation_evidence WHERE article_id = ANY($1::uuid[])),
          l AS (DELETE FROM relations WHERE subject_article_id = ANY($1::uuid[])),
          q AS (DELETE FROM quotes WHERE article_id = ANY($1::uuid[])),
          p AS (DELETE FROM person_mentions WHERE article_id = ANY($1::uuid[]))
     DELETE FROM country_mentions WHERE article_id = ANY($1::uuid[])`,
    [ids],
  );
}
