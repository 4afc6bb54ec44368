import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Drops the trigram index over articles' normalized headlines. No query uses it any more: a
 * printed title is matched to a stored headline by equality (hash index) or among the stories
 * sharing its headline words (article_headline_terms, then similarity() on those few), and a
 * new story finds the links waiting for it through the trigram index over pending titles
 * (relations_pending_ref_trgm_idx). It was the largest index of the table (36 MB at 100,000
 * stories, some 70 entries a headline) and every story written paid for it.
 */
export class DropArticleHeadlineTrigrams1796970000000 implements MigrationInterface {
  name = "DropArticleHeadlineTrigrams1796970000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS articles_headline_trgm_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX IF NOT EXISTS articles_headline_trgm_idx ON articles USING gin (headline_norm gin_trgm_ops)`);
  }
}
