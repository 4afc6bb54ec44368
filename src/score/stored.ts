import type { DataSource } from "typeorm";

/** What the database holds for one ingested article: the facts the score compares. */
export interface StoredStory {
  source: string;
  dateline: string | null;
  datelineCountry: string | null;
  body: string[];
  people: { name: string; role: string | null; country: string | null; aliases: string[] }[];
  countries: string[];
  /** Country↔country relations this article is evidence of; a < b. */
  relations: { kind: string; a: string; b: string }[];
  related: { kind: string; title: string }[];
  quotes: { text: string; speaker: string | null }[];
}

/**
 * Reads back what ingest stored for an article, through the tables (not the extractor's
 * output), so the score measures what a reader of the API would get.
 */
export async function readStoredStory(ds: DataSource, id: string): Promise<StoredStory> {
  const [article] = await ds.query(
    `SELECT a.dateline, a.dateline_country_code, a.body, s.code AS source FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = $1`,
    [id],
  );
  if (!article) throw new Error(`article ${id} was not stored`);
  const people = await ds.query(
    `SELECT p.name, p.role, p.country_code AS country, p.aliases FROM person_mentions m JOIN people p ON p.id = m.person_id
     WHERE m.article_id = $1 ORDER BY m.position`,
    [id],
  );
  const countries = await ds.query(`SELECT country_code FROM country_mentions WHERE article_id = $1 ORDER BY position`, [id]);
  const relations = await ds.query(
    `SELECT r.kind, r.subject_country_code AS a, r.object_country_code AS b FROM relation_evidence e JOIN relations r ON r.id = e.relation_id
     WHERE e.article_id = $1 AND r.subject_country_code IS NOT NULL ORDER BY r.kind, a, b`,
    [id],
  );
  const related = await ds.query(
    `SELECT kind, coalesce(title, target_ref) AS title FROM relations WHERE subject_article_id = $1 ORDER BY position`,
    [id],
  );
  const quotes = await ds.query(
    `SELECT q.text, p.name AS speaker FROM quotes q LEFT JOIN people p ON p.id = q.speaker_id WHERE q.article_id = $1 ORDER BY q.position`,
    [id],
  );
  return {
    source: article.source,
    dateline: article.dateline,
    datelineCountry: article.dateline_country_code,
    body: article.body,
    people,
    countries: countries.map((c: { country_code: string }) => c.country_code),
    relations,
    related,
    quotes,
  };
}
