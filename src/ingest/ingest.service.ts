import type { DataSource, EntityManager } from "typeorm";
import { KNOWN_SOURCES } from "../source/known-sources";
import { stableUuid, slugify } from "./normalize";
import type { PreparedStory } from "./prepare";
import type { IngestOutcome } from "./story";

/** Near-duplicate threshold (trigram similarity of normalized headlines) for resolving printed titles. */
export const TITLE_SIMILARITY = 0.8;

/**
 * Writes one prepared story in one transaction: the article (insert or update), its source,
 * people, mentions, quotes, relations with evidence and printed links; then resolves links
 * both ways (its links to stored stories, and pending links elsewhere that name it).
 * A failure anywhere rolls everything back.
 */
export async function writeStory(ds: DataSource, story: PreparedStory): Promise<IngestOutcome> {
  // Concurrent writers of the same story or people can still meet in a deadlock or a
  // unique-key race; the whole transaction is then rolled back and simply tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeStoryOnce(ds, story);
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= 3 || !["40P01", "40001", "23505"].includes(code ?? "")) throw error;
    }
  }
}

async function writeStoryOnce(ds: DataSource, prepared: PreparedStory): Promise<IngestOutcome> {
  return ds.transaction(async (m) => {
    const sourceId = await upsertSource(m, prepared.source);
    let story = prepared;
    const id = story.id ?? (await existingArticleId(m, sourceId, story)) ?? stableUuid(`${story.source.code}|${story.url ? "url:" + story.url : "text:" + story.contentHash}`);
    // The wanted slug, or with a short id suffix when another story has it; and the trigram
    // threshold for this transaction, so near-duplicate headline lookups (the % operator) get
    // only close candidates from the index — both in the article's own statement.
    const [stored] = await m.query(
      `WITH cfg AS (SELECT set_config('pg_trgm.similarity_threshold', $15, true))
       INSERT INTO articles (id, slug, source_id, headline, headline_norm, summary, body, dateline, dateline_country_code,
                             published_at, ingested_at, language, url, tags, content_hash)
       SELECT $1, CASE WHEN EXISTS (SELECT 1 FROM articles x WHERE x.slug = $2 AND x.id <> $1) THEN $2 || '-' || left($1::text, 8) ELSE $2 END,
              $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $12, $13, $14 FROM cfg
       ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, source_id = excluded.source_id, headline = excluded.headline,
         headline_norm = excluded.headline_norm, summary = excluded.summary, body = excluded.body, dateline = excluded.dateline,
         dateline_country_code = excluded.dateline_country_code, ingested_at = now(),
         published_at = CASE WHEN $16::boolean THEN articles.published_at ELSE excluded.published_at END,
         language = excluded.language, url = excluded.url, tags = excluded.tags, content_hash = excluded.content_hash
       RETURNING (xmax = 0) AS created, slug, published_at`,
      [id, story.slug, sourceId, story.headline, story.headlineNorm, story.summary, story.body, story.dateline, story.datelineCountry,
       story.publishedAt, story.language, story.url, story.tags, story.contentHash, String(TITLE_SIMILARITY), story.publishedAtGuessed],
    );
    // A guessed time gives way to the one stored before; what follows copies the stored one.
    story = { ...story, publishedAt: stored.published_at };
    const { created, slug } = stored;
    if (!created) await clearDerived(m, id);
    const personIds = await upsertPeople(m, story);
    await insertMentions(m, id, story, personIds);
    await insertRelations(m, id, story, personIds);
    const linked = await insertLinks(m, id, story);
    const resolvedElsewhere = await resolvePendingLinksTo(m, id, slug, story);
    return {
      articleId: id,
      created: Boolean(created),
      resolvedLinks: linked.resolved + resolvedElsewhere,
      pendingLinks: linked.pending,
      warnings: story.warnings,
    };
  });
}

async function upsertSource(m: EntityManager, source: PreparedStory["source"]): Promise<string> {
  const name = source.name ?? KNOWN_SOURCES[source.code] ?? null;
  // Most stories come from a known outlet under its known name: a plain read, no row lock,
  // so concurrent writers of one outlet do not queue on its row.
  const [known] = await m.query(`SELECT id, name FROM sources WHERE code = $1`, [source.code]);
  if (known && (name === null || known.name === name)) return known.id;
  // An unknown code names itself until someone says what the outlet is called.
  const [{ id }] = await m.query(
    `INSERT INTO sources (code, name) VALUES ($1, coalesce($2, $1))
     ON CONFLICT (code) DO UPDATE SET name = CASE WHEN $2::text IS NOT NULL THEN $2 ELSE sources.name END
     RETURNING id`,
    [source.code, name],
  );
  return id;
}

/** The stored article this story re-ingests: same source and URL, or same source and text. */
async function existingArticleId(m: EntityManager, sourceId: string, story: PreparedStory): Promise<string | undefined> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM articles WHERE source_id = $1 AND ((url IS NOT NULL AND url = $2) OR content_hash = $3)
     ORDER BY (url IS NOT DISTINCT FROM $2) DESC LIMIT 1`,
    [sourceId, story.url, story.contentHash],
  );
  return rows[0]?.id;
}

/** Removes what a previous version of the story asserted; triggers re-weigh relations. */
async function clearDerived(m: EntityManager, id: string): Promise<void> {
  await m.query(
    `WITH e AS (DELETE FROM relation_evidence WHERE article_id = $1),
          l AS (DELETE FROM relations WHERE subject_article_id = $1),
          q AS (DELETE FROM quotes WHERE article_id = $1),
          p AS (DELETE FROM person_mentions WHERE article_id = $1)
     DELETE FROM country_mentions WHERE article_id = $1`,
    [id],
  );
}

async function upsertPeople(m: EntityManager, story: PreparedStory): Promise<string[]> {
  if (story.people.length === 0) return [];
  const rows: { id: string; name_key: string; country_code: string | null }[] = await m.query(
    `INSERT INTO people (slug, name, name_key, aliases, role, country_code)
     SELECT t.slug, t.name, t.name_key, CASE WHEN t.aliases = '' THEN '{}'::text[] ELSE string_to_array(t.aliases, E'\\x1f') END, t.role, t.country
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(slug, name, name_key, aliases, role, country)
     ORDER BY t.name_key, t.country -- one lock order for every writer: concurrent ingests do not deadlock
     ON CONFLICT (name_key, (coalesce(country_code, ''))) DO UPDATE SET
       role = coalesce(excluded.role, people.role),
       aliases = ARRAY(SELECT DISTINCT unnest(people.aliases || excluded.aliases))
     RETURNING id, name_key, country_code`,
    [
      story.people.map((p) => slugify(p.country ? `${p.name} ${p.country}` : p.name)),
      story.people.map((p) => p.name),
      story.people.map((p) => p.key),
      story.people.map((p) => p.aliases.join("\x1f")), // every alias, unit-separated (no text[][] params)
      story.people.map((p) => p.role),
      story.people.map((p) => p.country),
    ],
  );
  const byKey = new Map(rows.map((r) => [`${r.name_key}|${r.country_code ?? ""}`, r.id]));
  return story.people.map((p) => byKey.get(`${p.key}|${p.country ?? ""}`)!);
}

/** Person and country mentions and quotes, in one statement. */
async function insertMentions(m: EntityManager, id: string, story: PreparedStory, personIds: string[]): Promise<void> {
  if (!story.people.length && !story.countries.length && !story.quotes.length) return;
  await m.query(
    `WITH people AS (
       INSERT INTO person_mentions (article_id, person_id, position, count, first_offset, surface, published_at)
       SELECT $1, t.person_id, t.position, t.count, t.first_offset, t.surface, $2
       FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::text[]) AS t(person_id, position, count, first_offset, surface)),
     countries AS (
       INSERT INTO country_mentions (article_id, country_code, position, count, first_offset, surface, published_at)
       SELECT $1, t.code, t.position, t.count, t.first_offset, t.surface, $2
       FROM unnest($8::text[], $9::int[], $10::int[], $11::int[], $12::text[]) AS t(code, position, count, first_offset, surface))
     INSERT INTO quotes (article_id, speaker_id, position, text, "offset")
     SELECT $1, t.speaker, t.position, t.text, t.off
     FROM unnest($13::uuid[], $14::int[], $15::text[], $16::int[]) AS t(speaker, position, text, off)`,
    [
      id, story.publishedAt,
      personIds, story.people.map((p) => p.position), story.people.map((p) => p.count), story.people.map((p) => p.firstOffset), story.people.map((p) => p.surface),
      story.countries.map((c) => c.key), story.countries.map((c) => c.position), story.countries.map((c) => c.count),
      story.countries.map((c) => c.firstOffset), story.countries.map((c) => c.surface),
      story.quotes.map((q) => (q.speaker === null ? null : personIds[q.speaker])), story.quotes.map((_q, i) => i),
      story.quotes.map((q) => q.text), story.quotes.map((q) => q.offset),
    ],
  );
}

/** Country↔country relations and people's roles, each with this article as evidence. */
async function insertRelations(m: EntityManager, id: string, story: PreparedStory, personIds: string[]): Promise<void> {
  const roles = story.people.flatMap((p, i) => (p.role && p.country ? [{ person: personIds[i], country: p.country }] : []));
  await m.query(
    `WITH t AS (SELECT * FROM unnest($3::relation_kind[], $4::text[], $5::text[], $6::text[], $7::int[]) AS t(kind, a, b, sentence, off)),
     country_links AS (
       INSERT INTO relations (kind, subject_country_code, object_country_code, first_seen_at, last_seen_at)
       SELECT t.kind, t.a, t.b, $2, $2 FROM t ORDER BY t.kind, t.a, t.b
       ON CONFLICT (kind, subject_country_code, object_country_code) WHERE subject_country_code IS NOT NULL
       DO UPDATE SET kind = excluded.kind RETURNING id, kind, subject_country_code, object_country_code),
     role_links AS (
       INSERT INTO relations (kind, subject_person_id, object_country_code, first_seen_at, last_seen_at)
       SELECT 'ROLE', r.person, r.country, $2, $2 FROM unnest($8::uuid[], $9::text[]) AS r(person, country) ORDER BY r.person, r.country
       ON CONFLICT (subject_person_id, object_country_code) WHERE subject_person_id IS NOT NULL
       DO UPDATE SET kind = excluded.kind RETURNING id)
     INSERT INTO relation_evidence (relation_id, article_id, seen_at, sentence, "offset")
     SELECT c.id, $1::uuid, $2::timestamptz, t.sentence, t.off FROM country_links c
       JOIN t ON t.kind = c.kind AND t.a = c.subject_country_code AND t.b = c.object_country_code
     UNION ALL SELECT id, $1::uuid, $2::timestamptz, NULL, NULL FROM role_links`,
    [id, story.publishedAt, story.countryRelations.map((r) => r.kind), story.countryRelations.map((r) => r.a),
     story.countryRelations.map((r) => r.b), story.countryRelations.map((r) => r.sentence), story.countryRelations.map((r) => r.offset),
     roles.map((r) => r.person), roles.map((r) => r.country)],
  );
}

/**
 * The story's printed links, each pointing at the stored story it names (by id, slug, exact
 * normalized headline, else the most similar headline above TITLE_SIMILARITY) or pending.
 */
async function insertLinks(m: EntityManager, id: string, story: PreparedStory): Promise<{ resolved: number; pending: number }> {
  if (story.links.length === 0) return { resolved: 0, pending: 0 };
  const rows: { resolved: boolean }[] = await m.query(
    `WITH t AS (SELECT * FROM unnest($2::relation_kind[], $3::text[], $4::text[], $5::int[]) AS t(kind, ref, title, position)),
     links AS (
       INSERT INTO relations (kind, subject_article_id, object_article_id, target_ref, title, position, first_seen_at, last_seen_at)
       SELECT t.kind, $1, target.id, t.ref, t.title, t.position, $6, $6 FROM t
       LEFT JOIN LATERAL (
         -- Each branch is an index lookup: primary key, unique slug, or the headline trigram index.
         SELECT c.id FROM (
           SELECT a.id, 2 AS exact, 1.0::real AS sim, a.published_at FROM articles a
             WHERE a.id = (CASE WHEN t.ref LIKE 'id:%' THEN substr(t.ref, 4)::uuid END)
           UNION ALL
           SELECT a.id, 2, 1.0::real, a.published_at FROM articles a
             WHERE a.slug = (CASE WHEN t.ref LIKE 'slug:%' THEN substr(t.ref, 6) END)
           UNION ALL
           SELECT a.id, (a.headline_norm = t.ref)::int, similarity(a.headline_norm, t.ref), a.published_at FROM articles a
             WHERE t.ref NOT LIKE 'id:%' AND t.ref NOT LIKE 'slug:%' AND a.headline_norm % t.ref
               AND similarity(a.headline_norm, t.ref) >= $7
         ) c WHERE c.id <> $1
         ORDER BY c.exact DESC, c.sim DESC, c.published_at DESC LIMIT 1) target ON true
       RETURNING id, object_article_id)
     , ev AS (INSERT INTO relation_evidence (relation_id, article_id, seen_at) SELECT id, $1, $6 FROM links)
     SELECT object_article_id IS NOT NULL AS resolved FROM links`,
    [id, story.links.map((l) => l.kind), story.links.map((l) => l.ref), story.links.map((l) => l.title),
     story.links.map((l) => l.position), story.publishedAt, TITLE_SIMILARITY],
  );
  const resolved = rows.filter((r) => r.resolved).length;
  return { resolved, pending: rows.length - resolved };
}

/** Pending links anywhere that name this story (by id, slug or headline) now point at it. */
async function resolvePendingLinksTo(m: EntityManager, id: string, slug: string, story: PreparedStory): Promise<number> {
  const result = await m.query(
    `UPDATE relations SET object_article_id = $1
     WHERE object_article_id IS NULL AND target_ref IS NOT NULL AND subject_article_id <> $1
       AND (target_ref = ANY($2::text[]) OR (target_ref % $3 AND similarity(target_ref, $3) >= $4))`,
    [id, [`id:${id}`, `slug:${slug}`, story.headlineNorm], story.headlineNorm, TITLE_SIMILARITY],
  );
  return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
}

/**
 * Resolves every pending link whose target is stored (by id, slug or exact normalized
 * headline), in one statement. Stories ingested side by side cannot see each other's links
 * before they commit; a bulk ingest runs this at the end.
 */
export async function resolvePendingLinks(ds: DataSource): Promise<number> {
  const [, affected]: [unknown, number] = await ds.query(
    `UPDATE relations r SET object_article_id = a.id
     FROM articles a
     WHERE r.object_article_id IS NULL AND r.target_ref IS NOT NULL AND a.id <> r.subject_article_id
       AND (a.id = (CASE WHEN r.target_ref LIKE 'id:%' THEN substr(r.target_ref, 4)::uuid END)
            OR a.slug = (CASE WHEN r.target_ref LIKE 'slug:%' THEN substr(r.target_ref, 6) END)
            OR a.headline_norm = r.target_ref)`,
  );
  return affected;
}
