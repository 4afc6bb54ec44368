import type { MigrationInterface, QueryRunner } from "typeorm";
import { EVIDENCE_ADDED_WEIGHS_COUNTRY_RELATIONS } from "./1796700000000-BulkWriteTriggers";

/**
 * relation_evidence_rows_added() weighed relations from an insert trigger that
 * RelationsWeighedOnWrite dropped (the upsert weighs them now); no trigger calls it any more.
 * Going down restores it as it was, for that migration's own down to use.
 */
export class DropUnusedEvidenceFunction1796920000000 implements MigrationInterface {
  name = "DropUnusedEvidenceFunction1796920000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS relation_evidence_rows_added()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(EVIDENCE_ADDED_WEIGHS_COUNTRY_RELATIONS);
  }
}
