import type { DataSource } from "typeorm";

/** People and relations by what they are, not by their generated ids. */
const PERSON = (id: string) => `(SELECT p.name_key || '|' || coalesce(p.country_code, '') FROM people p WHERE p.id = ${id})`;
const RELATION = (r: string) =>
  `${r}.kind || '|' || coalesce(${r}.subject_article_id::text, ${PERSON(`${r}.subject_person_id`)}, ${r}.subject_country_code, '') || '|' ||
   coalesce(${r}.object_country_code, '') || '|' || coalesce(${r}.target_ref, '')`;

const TABLES: Record<string, string> = {
  sources: `SELECT code, name FROM sources ORDER BY code`,
  articles: `SELECT a.id, a.slug, s.code AS source, a.headline, a.headline_norm, a.summary, a.body, a.dateline, a.dateline_country_code,
               a.published_at, a.language, a.url, a.tags, a.content_hash
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
};

/**
 * Everything an ingest wrote, in a form two databases can be compared in: rows in a fixed
 * order, generated ids replaced by natural keys, the ingest time left out.
 */
export async function dumpContent(ds: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(TABLES)) {
    const rows: Record<string, unknown>[] = await ds.query(sql);
    out[name] = rows.map((row) => JSON.parse(JSON.stringify(row)));
  }
  return out;
}
