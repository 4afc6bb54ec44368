import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A story deleted and later written again under the same id (re-ingest from the same source
 * and URL) goes on from its kept history: its new first version is numbered after the last
 * kept one, so the history has no two versions with one number.
 */
export class RevisionAfterDelete1796300000000 implements MigrationInterface {
  name = "RevisionAfterDelete1796300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION article_revision_continues() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.revision := coalesce((SELECT max(r.revision) FROM article_revisions r WHERE r.article_id = NEW.id), 0) + 1;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER article_revision_continues BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION article_revision_continues()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS article_revision_continues ON articles`);
    await q.query(`DROP FUNCTION IF EXISTS article_revision_continues()`);
  }
}
