import type { DataSource } from "typeorm";

/** People and relations by what they are, not by their generated ids. */
const PERSON = (id: string) => `(SELECT p.name_key || '|' || coalesce(p.country_code, '') FROM people p WHERE p.id = ${id})`;
const RELATION = (r: string) =>
  `${r}.kind || '|' || coalesce(${r}.subject_article_id::text, ${PERSON(`${r}.subject_person_id`)}, ${r}.subject_country_code, '') || '|' ||
   coalesce(${r}.object_country_code, '') || '|' || coalesce(${r}.target_ref, '')`;

const TABLES: Record<string, string> = {
  sources: `SELECT code, name FROM sources ORDER BY code`,
  articles: `SELECT a.id, a.slug, s.code AS source, a.headline, a.headline_norm, a.summary, a.body, a.dateline, a.dateline_country_code,
               a.published_at, a.language, a.url, a.tags, a.content_hash, a.revision, a.changes
             FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id`,
  people: `SELECT slug, name, name_key, aliases, role, country_code FROM people ORDER BY name_key, country_code`,
  personMentions: `SELECT article_id, ${PERSON("m.person_id")} AS person, position, count, first_offset, surface, published_at
                   FROM person_mentions m ORDER BY article_id, position`,
  countryMentions: `SELECT * FROM country_mentions ORDER BY article_id, position`,
  quotes: `SELECT article_id, ${PERSON("q.speaker_id")} AS speaker, position, text, "offset" FROM quotes q ORDER BY article_id, position`,
  relations: `SELECT ${RELATION("r")} AS key, r.object_article_id, r.title, r.position, r.weight, r.first_seen_at, r.last_seen_at
              FROM relations r ORDER BY key`,
  evidence: `SELECT ${RELATION("r")} AS relation, e.article_id, e.seen_at, e.sentence, e."offset"
             FROM relation_evidence e JOIN relations r ON r.id = e.relation_id ORDER BY relation, e.article_id`,
  // Clusters by their members (cluster ids are random), with what each cluster row says of them.
  clusters: `SELECT array_agg(a.id ORDER BY a.id) AS members, c.size, c.first_published_at, c.last_published_at
             FROM clusters c LEFT JOIN articles a ON a.cluster_id = c.id GROUP BY c.id ORDER BY members`,
  revisions: `SELECT r.article_id, r.revision, s.code AS source, r.headline, r.summary, r.body, r.dateline, r.published_at, r.url, r.tags,
                     r.language, r.people, r.countries, r.changes, r.deleted_at IS NOT NULL AS deleted
              FROM article_revisions r LEFT JOIN sources s ON s.id = r.source_id ORDER BY r.article_id, r.revision`,
  headlineTerms: `SELECT article_id, lexeme, rank, published_at FROM article_headline_terms ORDER BY article_id, lexeme`,
};

/**
 * Everything an ingest wrote, in a form two databases can be compared in: rows in a fixed
 * order, generated ids replaced by natural keys (clusters by their members), the ingest and
 * revision write times left out.
 */
export async function dumpContent(ds: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(TABLES)) {
    const rows: Record<string, unknown>[] = await ds.query(sql);
    out[name] = rows.map((row) => JSON.parse(JSON.stringify(row)));
  }
  return out;
}
