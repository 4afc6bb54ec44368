import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An exact headline match wins over a near (trigram) one, also when the near story came first:
 * a story whose normalized headline is a link's printed title takes the links that went to a
 * near headline for want of it. `relations_resolved_ref_idx` finds the resolved links printing
 * a title (one probe per story written), as `relations_pending_ref_idx` does for pending ones.
 */
export class ResolvedLinkRefs1796810000000 implements MigrationInterface {
  name = "ResolvedLinkRefs1796810000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX relations_resolved_ref_idx ON relations (target_ref) WHERE object_article_id IS NOT NULL AND target_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS relations_resolved_ref_idx`);
  }
}
