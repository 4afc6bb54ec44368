import type { MigrationInterface, QueryRunner } from "typeorm";

/** Every stored story whose source and text another one has, with the one that stays (see below). */
const DUPLICATES = `
  SELECT id AS duplicate, keep FROM (
    SELECT id, first_value(id) OVER (PARTITION BY source_id, content_hash ORDER BY (url IS NULL), ingested_at, id) AS keep
    FROM articles) a
  WHERE id <> keep`;

/**
 * The same text never becomes two articles (SPEC §2): `articles_source_hash_key` makes one
 * story per source and normalized text (headline and body, `contentHash`) a constraint, as
 * `articles_source_url_key` already did for one per source and URL. Writers look a story up
 * by both before writing it (resolveArticleIds); two writers racing with the same text now
 * meet in this index and the loser's transaction is tried again, finding the winner's row.
 *
 * A database written before may hold such twins (concurrent ingests could each make one).
 * They are merged before the index is built: the one with a URL stays (else the one stored
 * first); links to a twin move to it; the twin goes, and with it what only it asserted (its
 * mentions, links and evidence, by the foreign keys and the evidence trigger; its revision
 * history rows stay, as for any deleted story). Clusters are counted again.
 */
export class ArticleTextUnique1796800000000 implements MigrationInterface {
  name = "ArticleTextUnique1796800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE relations r SET object_article_id = d.keep FROM (${DUPLICATES}) d
       WHERE r.object_article_id = d.duplicate AND r.subject_article_id IS DISTINCT FROM d.keep`,
    );
    const [, removed]: [unknown, number] = await q.query(`DELETE FROM articles WHERE id IN (SELECT duplicate FROM (${DUPLICATES}) d)`);
    if (removed > 0) {
      await q.query(
        `UPDATE clusters c SET size = s.n, first_published_at = s.first, last_published_at = s.last, updated_at = now()
         FROM (SELECT c.id, count(a.id)::int AS n, min(a.published_at) AS first, max(a.published_at) AS last
               FROM clusters c LEFT JOIN articles a ON a.cluster_id = c.id GROUP BY c.id) s
         WHERE c.id = s.id AND c.size <> s.n`,
      );
      await q.query(`DELETE FROM clusters WHERE size = 0`);
    }
    await q.query(`CREATE UNIQUE INDEX articles_source_hash_key ON articles (source_id, content_hash)`);
    await q.query(`DROP INDEX articles_source_hash_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS articles_source_hash_idx ON articles (source_id, content_hash)`);
    await q.query(`DROP INDEX IF EXISTS articles_source_hash_key`);
  }
}
