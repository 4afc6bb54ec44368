import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Relation weights and first/last seen dates kept per statement instead of per evidence row:
 * a batch of stories asserting the same relation (a country pair, a person's role) moves it
 * once, by the number of its new rows, instead of writing a new version of the relation for
 * each row. Same results: weight is the count, first/last seen the min/max, changed_at moves.
 */
export class EvidenceStatementTriggers1796100000000 implements MigrationInterface {
  name = "EvidenceStatementTriggers1796100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION relation_evidence_rows_added() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE FUNCTION relation_evidence_rows_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations r SET weight = agg.n, changed_at = now(),
          first_seen_at = coalesce(agg.first_seen, r.first_seen_at),
          last_seen_at = coalesce(agg.last_seen, r.last_seen_at)
        FROM (SELECT o.relation_id, c.n, c.first_seen, c.last_seen
              FROM (SELECT DISTINCT relation_id FROM old_rows) o
              CROSS JOIN LATERAL (SELECT count(*)::int AS n, min(seen_at) AS first_seen, max(seen_at) AS last_seen
                                  FROM relation_evidence e WHERE e.relation_id = o.relation_id) c) agg
        WHERE r.id = agg.relation_id;
        DELETE FROM relations WHERE id IN (SELECT relation_id FROM old_rows) AND weight = 0
          AND kind NOT IN ('RELATED_NEWS', 'READ_MORE');
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER relation_evidence_added ON relation_evidence`);
    await q.query(`DROP TRIGGER relation_evidence_removed ON relation_evidence`);
    await q.query(`
      CREATE TRIGGER relation_evidence_added AFTER INSERT ON relation_evidence
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_evidence_rows_added()`);
    await q.query(`
      CREATE TRIGGER relation_evidence_removed AFTER DELETE ON relation_evidence
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relation_evidence_rows_removed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER relation_evidence_added ON relation_evidence`);
    await q.query(`DROP TRIGGER relation_evidence_removed ON relation_evidence`);
    await q.query(`CREATE TRIGGER relation_evidence_added AFTER INSERT ON relation_evidence FOR EACH ROW EXECUTE FUNCTION relation_evidence_added()`);
    await q.query(`CREATE TRIGGER relation_evidence_removed AFTER DELETE ON relation_evidence FOR EACH ROW EXECUTE FUNCTION relation_evidence_removed()`);
    await q.query(`DROP FUNCTION IF EXISTS relation_evidence_rows_added()`);
    await q.query(`DROP FUNCTION IF EXISTS relation_evidence_rows_removed()`);
  }
}
