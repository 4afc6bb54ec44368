import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The trigram index over pending link targets holds printed titles only. A link given by id or
 * slug (`id:…`, `slug:…`, as structured input and the corpus give them) is found by equality;
 * in the trigram index its hexadecimal id shared trigrams with most headlines ("bad", "fee",
 * "dec"…), so every story written looked through thousands of pending ids for a near title.
 * Two writers side by side leave more links pending for a while: 20,000 stories ran at about
 * 200 a second instead of 850, PostgreSQL busy in that lookup.
 */
export class PendingTitleTrigrams1796940000000 implements MigrationInterface {
  name = "PendingTitleTrigrams1796940000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS relations_pending_ref_trgm_idx`);
    await q.query(`
      CREATE INDEX relations_pending_ref_trgm_idx ON relations USING gin (target_ref gin_trgm_ops)
      WHERE object_article_id IS NULL AND target_ref IS NOT NULL AND target_ref NOT LIKE 'id:%' AND target_ref NOT LIKE 'slug:%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS relations_pending_ref_trgm_idx`);
    await q.query(`CREATE INDEX relations_pending_ref_trgm_idx ON relations USING gin (target_ref gin_trgm_ops) WHERE object_article_id IS NULL AND target_ref IS NOT NULL`);
  }
}
