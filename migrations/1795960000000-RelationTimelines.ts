import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Relation timelines and "recently changed" order: `relations.changed_at` (moved by the
 * evidence triggers whenever a story asserting the relation is written or deleted) and an
 * index that makes a relation's evidence per period an index-only range scan.
 */
export class RelationTimelines1795960000000 implements MigrationInterface {
  name = "RelationTimelines1795960000000";

  async up(q: QueryRunner): Promise<void> {
    // Backfilling every relation takes longer than the usual statement timeout on a large database.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE relations ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      UPDATE relations r SET changed_at = coalesce(
        (SELECT max(a.ingested_at) FROM relation_evidence e JOIN articles a ON a.id = e.article_id WHERE e.relation_id = r.id), r.changed_at)`);
    // Relation.timeline: evidence of one relation per period.
    await q.query(`CREATE INDEX relation_evidence_timeline_idx ON relation_evidence (relation_id, seen_at)`);
    // Country.relations(orderBy: RECENT).
    await q.query(`CREATE INDEX relations_changed_idx ON relations (changed_at DESC)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION relation_evidence_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations SET weight = weight + 1, changed_at = now(),
          first_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE least(first_seen_at, NEW.seen_at) END,
          last_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE greatest(last_seen_at, NEW.seen_at) END
        WHERE id = NEW.relation_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION relation_evidence_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations r SET weight = agg.n, changed_at = now(),
          first_seen_at = coalesce(agg.first_seen, r.first_seen_at),
          last_seen_at = coalesce(agg.last_seen, r.last_seen_at)
        FROM (SELECT count(*)::int AS n, min(seen_at) AS first_seen, max(seen_at) AS last_seen
              FROM relation_evidence WHERE relation_id = OLD.relation_id) agg
        WHERE r.id = OLD.relation_id;
        DELETE FROM relations WHERE id = OLD.relation_id AND weight = 0
          AND kind NOT IN ('RELATED_NEWS', 'READ_MORE');
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION relation_evidence_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations SET weight = weight + 1,
          first_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE least(first_seen_at, NEW.seen_at) END,
          last_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE greatest(last_seen_at, NEW.seen_at) END
        WHERE id = NEW.relation_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION relation_evidence_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations r SET weight = agg.n,
          first_seen_at = coalesce(agg.first_seen, r.first_seen_at),
          last_seen_at = coalesce(agg.last_seen, r.last_seen_at)
        FROM (SELECT count(*)::int AS n, min(seen_at) AS first_seen, max(seen_at) AS last_seen
              FROM relation_evidence WHERE relation_id = OLD.relation_id) agg
        WHERE r.id = OLD.relation_id;
        DELETE FROM relations WHERE id = OLD.relation_id AND weight = 0
          AND kind NOT IN ('RELATED_NEWS', 'READ_MORE');
        RETURN NULL;
      END $$`);
    await q.query(`DROP INDEX IF EXISTS relations_changed_idx`);
    await q.query(`DROP INDEX IF EXISTS relation_evidence_timeline_idx`);
    await q.query(`ALTER TABLE relations DROP COLUMN IF EXISTS changed_at`);
  }
}
