import type { EntityManager } from "typeorm";
import { notFound } from "../common/errors";
import type { RelationKind } from "../relation/relation-kind";
import type { StoryInput } from "./story";

/**
 * A stored article read back as a story input (people, countries, relations and printed links
 * as stored), so an edit can go through the same ingest path and stay consistent. Its row is
 * locked (FOR UPDATE) until the caller's transaction ends: the edit is written over what it read.
 */
export async function storedStory(m: EntityManager, id: string): Promise<StoryInput> {
  const [article] = await m.query(
    `SELECT a.*, s.code AS source_code, s.name AS source_name FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = $1 FOR UPDATE OF a`,
    [id],
  );
  if (!article) throw notFound("No article with this id");
  const [people, countries, relations, links] = await Promise.all([
    m.query(`SELECT p.name, p.role, p.country_code FROM person_mentions m JOIN people p ON p.id = m.person_id WHERE m.article_id = $1 ORDER BY m.position`, [id]),
    m.query(`SELECT country_code FROM country_mentions WHERE article_id = $1 ORDER BY position`, [id]),
    m.query(
      `SELECT r.kind, r.subject_country_code, r.object_country_code FROM relation_evidence e JOIN relations r ON r.id = e.relation_id
       WHERE e.article_id = $1 AND r.subject_country_code IS NOT NULL`,
      [id],
    ),
    m.query(`SELECT kind, target_ref, title FROM relations WHERE subject_article_id = $1 ORDER BY position`, [id]),
  ]);
  return {
    id,
    slug: article.slug,
    source: { code: article.source_code, name: article.source_name },
    dateline: article.dateline,
    datelineRegion: article.dateline_country_code,
    headline: article.headline,
    summary: article.summary,
    body: article.body,
    publishedAt: new Date(article.published_at),
    language: article.language,
    url: article.url,
    tags: article.tags,
    people: people.map((p: { name: string; role: string | null; country_code: string | null }) => ({ name: p.name, role: p.role, country: p.country_code })),
    countries: countries.map((c: { country_code: string }) => c.country_code),
    relations: relations.map((r: { kind: RelationKind; subject_country_code: string; object_country_code: string }) => ({ kind: r.kind, from: r.subject_country_code, to: r.object_country_code })),
    related: links.map((l: { kind: RelationKind; target_ref: string; title: string | null }) =>
      l.target_ref.startsWith("id:") ? { kind: l.kind, id: l.target_ref.slice(3) }
      : l.target_ref.startsWith("slug:") ? { kind: l.kind, slug: l.target_ref.slice(5) }
      : { kind: l.kind, title: l.title ?? l.target_ref },
    ),
  };
}
