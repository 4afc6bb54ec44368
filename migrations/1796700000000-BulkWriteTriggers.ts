import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Two triggers that wrote rows twice or for nothing on every write batch:
 *
 * - A printed link (RELATED_NEWS, READ_MORE) has exactly one evidence row, its own story,
 *   written in the statement that writes the link (src/ingest/write/link-steps.ts), which now
 *   gives the link its weight (1) and first/last seen there. The evidence trigger leaves links
 *   alone: it updated every new link right after its insert, a second version of the row and of
 *   each of its index entries. Country relations and roles are counted by the trigger as before.
 * - The headline search terms of an updated article are worked out again only when its headline,
 *   search document or publication time changed: re-clustering, the revision counter and an
 *   unchanged re-ingest update articles without touching what the terms are made of.
 */
/** The evidence insert trigger's function as this migration left it (dropped since, see DropUnusedEvidenceFunction). */
export const EVIDENCE_ADDED_WEIGHS_COUNTRY_RELATIONS = `
      CREATE OR REPLACE FUNCTION relation_evidence_rows_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations r SET weight = r.weight + e.n, changed_at = now(),
          first_seen_at = CASE WHEN r.weight = 0 THEN e.first_seen ELSE least(r.first_seen_at, e.first_seen) END,
          last_seen_at = CASE WHEN r.weight = 0 THEN e.last_seen ELSE greatest(r.last_seen_at, e.last_seen) END
        FROM (SELECT relation_id, count(*)::int AS n, min(seen_at) AS first_seen, max(seen_at) AS last_seen
              FROM new_rows GROUP BY relation_id) e
        WHERE r.id = e.relation_id AND r.kind NOT IN ('RELATED_NEWS', 'READ_MORE');
        RETURN NULL;
      END $$`;

export class BulkWriteTriggers1796700000000 implements MigrationInterface {
  name = "BulkWriteTriggers1796700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(EVIDENCE_ADDED_WEIGHS_COUNTRY_RELATIONS);
    await q.query(`
      CREATE OR REPLACE FUNCTION article_headline_terms_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM article_headline_terms WHERE article_id IN (
          SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
          WHERE n.id IS NULL OR n.headline IS DISTINCT FROM o.headline OR n.search IS DISTINCT FROM o.search
             OR n.published_at IS DISTINCT FROM o.published_at);
        INSERT INTO article_headline_terms SELECT t.* FROM new_rows a, article_headline_term_rows(a) t
        WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = a.id AND o.headline = a.headline AND o.search = a.search
                                                      AND o.published_at = a.published_at);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION relation_evidence_rows_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations r SET weight = r.weight + e.n, changed_at = now(),
          first_seen_at = CASE WHEN r.weight = 0 THEN e.first_seen ELSE least(r.first_seen_at, e.first_seen) END,
          last_seen_at = CASE WHEN r.weight = 0 THEN e.last_seen ELSE greatest(r.last_seen_at, e.last_seen) END
        FROM (SELECT relation_id, count(*)::int AS n, min(seen_at) AS first_seen, max(seen_at) AS last_seen
              FROM new_rows GROUP BY relation_id) e
        WHERE r.id = e.relation_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION article_headline_terms_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM article_headline_terms WHERE article_id IN (SELECT id FROM old_rows);
        INSERT INTO article_headline_terms SELECT t.* FROM new_rows a, article_headline_term_rows(a) t;
        RETURN NULL;
      END $$`);
  }
}
