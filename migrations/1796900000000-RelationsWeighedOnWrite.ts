import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Country relations and roles are weighed by the statement that writes them: the upsert adds
 * the number of evidence rows it is about to write (and moves first/last seen), so a relation a
 * batch asserts gets one new row version instead of two (the upsert's, then the insert trigger's)
 * and existing ones are not rewritten just to return their ids. The insert trigger goes; every
 * writer of evidence (the ingest steps, a merge of people) keeps weights itself. Removing
 * evidence still re-weighs through relation_evidence_removed.
 */
export class RelationsWeighedOnWrite1796900000000 implements MigrationInterface {
  name = "RelationsWeighedOnWrite1796900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS relation_evidence_added ON relation_evidence`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER relation_evidence_added AFTER INSERT ON relation_evidence
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_evidence_rows_added()`);
  }
}
