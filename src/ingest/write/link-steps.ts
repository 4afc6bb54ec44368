import type { EntityManager } from "typeorm";
import { TITLE_SIMILARITY } from "./article-steps";
import { column, rowsOf, type RoundStory } from "./round";

/** Stories looked at per title word when a printed title has no exact headline match. */
const NEAR_PER_WORD = 50;

/**
 * The round's printed links, each pointing at the stored story it names (by id, slug, exact
 * normalized headline, else the most similar headline above TITLE_SIMILARITY) or pending.
 * A story of the round is a candidate only for links of stories after it, as it would be if
 * they were written one by one; later ones resolve the links in resolvePendingLinksTo.
 */
export async function insertLinks(m: EntityManager, round: RoundStory[]): Promise<void> {
  const links = rowsOf(round, (r) => r.story.links);
  if (links.length === 0) return;
  const rows: { subject: string; resolved: boolean }[] = await m.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::relation_kind[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
                AS t(subject, idx, kind, ref, title, position, seen)),
     links AS (
       -- Weighed here: a link's one evidence row is its own story, written below (the evidence trigger leaves links alone).
       INSERT INTO relations (kind, subject_article_id, object_article_id, target_ref, title, position, weight, first_seen_at, last_seen_at)
       SELECT t.kind, t.subject, coalesce(exact.id, near.id), t.ref, t.title, t.position, 1, t.seen, t.seen FROM t
       -- The story named exactly: by id (primary key), slug (unique index) or normalized headline (hash index).
       -- Not the linking story itself, nor one of the batch written after it ($8 ids, $9 their places: an array probe).
       -- Each branch an index lookup (kept apart: with OR, the planner walked the publication index
       -- for the ORDER BY … LIMIT 1, through the whole table when no story matched).
       LEFT JOIN LATERAL (
         SELECT c.id FROM (
           SELECT a.id, a.published_at FROM articles a WHERE a.id = (CASE WHEN t.ref LIKE 'id:%' THEN substr(t.ref, 4)::uuid END)
           UNION ALL
           SELECT a.id, a.published_at FROM articles a WHERE a.slug = (CASE WHEN t.ref LIKE 'slug:%' THEN substr(t.ref, 6) END)
           UNION ALL
           SELECT a.id, a.published_at FROM articles a WHERE a.headline_norm = t.ref AND t.ref NOT LIKE 'id:%' AND t.ref NOT LIKE 'slug:%'
         ) c WHERE c.id <> t.subject AND coalesce(($9::int[])[array_position($8::uuid[], c.id)], -1) < t.idx
         ORDER BY c.published_at DESC LIMIT 1) exact ON true
       -- Else, when no story has the title, the most similar headline above the threshold among the
       -- stories whose headline has one of the title's words (headline term index: for each word, all
       -- its stories when it is rare, else the ${NEAR_PER_WORD} ranking first): a headline that close to the
       -- title shares nearly all of its words. The trigram index answered this by reading the postings
       -- of every trigram of the title, 15-35 ms a link at 20,000 stories and growing with the table.
       LEFT JOIN LATERAL (
         SELECT a.id FROM articles a
         WHERE exact.id IS NULL AND t.ref NOT LIKE 'id:%' AND t.ref NOT LIKE 'slug:%'
           AND a.id = ANY(ARRAY(
             SELECT h.article_id FROM unnest(tsvector_to_array(to_tsvector('english', coalesce(t.title, t.ref)))) AS w(lexeme)
             CROSS JOIN LATERAL (SELECT x.article_id FROM article_headline_terms x WHERE x.lexeme = w.lexeme
                                 ORDER BY x.rank DESC, x.published_at DESC, x.article_id DESC LIMIT ${NEAR_PER_WORD}) h))
           AND similarity(a.headline_norm, t.ref) >= $10
           AND a.id <> t.subject AND coalesce(($9::int[])[array_position($8::uuid[], a.id)], -1) < t.idx
         ORDER BY similarity(a.headline_norm, t.ref) DESC, a.published_at DESC LIMIT 1) near ON true
       RETURNING id, subject_article_id, object_article_id, first_seen_at)
     , ev AS (INSERT INTO relation_evidence (relation_id, article_id, seen_at) SELECT id, subject_article_id, first_seen_at FROM links)
     SELECT subject_article_id AS subject, object_article_id IS NOT NULL AS resolved FROM links`,
    [
      links.map((x) => x.owner.articleId), links.map((x) => x.owner.index), links.map((x) => x.row.kind), links.map((x) => x.row.ref),
      links.map((x) => x.row.title), links.map((x) => x.row.position), links.map((x) => x.owner.story.publishedAt),
      column(round, (r) => r.articleId), column(round, (r) => r.index), TITLE_SIMILARITY,
    ],
  );
  const byId = new Map(round.map((r) => [r.articleId, r]));
  for (const row of rows) {
    const r = byId.get(row.subject)!;
    if (row.resolved) r.resolvedLinks++;
    else r.pendingLinks++;
  }
}

/**
 * Links anywhere that name a story of the round now point at it: pending ones (by id, slug,
 * headline or a near headline), and ones that went to a near headline for want of the exact
 * one, which this story has (an exact headline match wins, whichever story came first). A link
 * two stories of the round could take goes to the exact one, else the earlier one, as one by one.
 */
export async function resolvePendingLinksTo(m: EntityManager, round: RoundStory[]): Promise<void> {
  // TypeORM answers an UPDATE with [rows, affected].
  const [rows]: [{ article_id: string }[], number] = await m.query(
    `WITH s AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS s(id, idx, slug, headline_norm)),
     found AS (
       SELECT DISTINCT ON (c.relation_id) c.relation_id, c.article_id FROM (
         SELECT r.id AS relation_id, s.id AS article_id, s.idx, r.target_ref = s.headline_norm AS exact, r.subject_article_id
         FROM s JOIN relations r ON r.object_article_id IS NULL AND r.target_ref IS NOT NULL AND r.subject_article_id <> s.id
           AND (r.target_ref = ANY(ARRAY['id:' || s.id::text, 'slug:' || s.slug, s.headline_norm])
                -- a printed title near the headline (the trigram index holds titles only, not ids or slugs)
                OR (r.target_ref NOT LIKE 'id:%' AND r.target_ref NOT LIKE 'slug:%'
                    AND r.target_ref % s.headline_norm AND similarity(r.target_ref, s.headline_norm) >= $5))
         UNION ALL -- links resolved to a near headline, of which s is the exact one (relations_resolved_ref_idx)
         SELECT r.id, s.id, s.idx, true, r.subject_article_id
         FROM s JOIN relations r ON r.object_article_id IS NOT NULL AND r.target_ref = s.headline_norm AND r.subject_article_id <> s.id
           JOIN articles o ON o.id = r.object_article_id AND o.headline_norm <> r.target_ref) c
       WHERE NOT EXISTS (SELECT 1 FROM s later WHERE later.id = c.subject_article_id AND later.idx > c.idx)
       ORDER BY c.relation_id, c.exact DESC, c.idx)
     UPDATE relations SET object_article_id = found.article_id FROM found WHERE relations.id = found.relation_id
     RETURNING found.article_id`,
    [column(round, (r) => r.articleId), column(round, (r) => r.index), column(round, (r) => r.slug), column(round, (r) => r.story.headlineNorm), TITLE_SIMILARITY],
  );
  const byId = new Map(round.map((r) => [r.articleId, r]));
  for (const row of rows) byId.get(row.article_id)!.resolvedLinks++;
}

/**
 * Resolves every pending link whose target is stored (by id, slug or exact normalized
 * headline), and moves links that went to a near headline to a story with the exact one, in
 * one statement. Batches written side by side cannot see each other's stories before they
 * commit; a bulk ingest runs this at the end.
 */
export async function resolveAllPendingLinks(m: Pick<EntityManager, "query">): Promise<number> {
  const [row]: { n: number }[] = await m.query(
    `WITH resolved AS (
       UPDATE relations r SET object_article_id = a.id
       FROM articles a
       WHERE r.object_article_id IS NULL AND r.target_ref IS NOT NULL AND a.id <> r.subject_article_id
         AND (a.id = (CASE WHEN r.target_ref LIKE 'id:%' THEN substr(r.target_ref, 4)::uuid END)
              OR a.slug = (CASE WHEN r.target_ref LIKE 'slug:%' THEN substr(r.target_ref, 6) END)
              OR a.headline_norm = r.target_ref)
       RETURNING 1),
     moved AS (
       UPDATE relations r SET object_article_id = a.id
       FROM articles o, articles a
       WHERE r.object_article_id = o.id AND r.target_ref IS NOT NULL AND o.headline_norm <> r.target_ref
         AND a.headline_norm = r.target_ref AND a.id <> r.subject_article_id
       RETURNING 1)
     SELECT ((SELECT count(*) FROM resolved) + (SELECT count(*) FROM moved))::int AS n`,
  );
  return row.n;
}
