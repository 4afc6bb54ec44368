import type { MigrationInterface, QueryRunner } from "typeorm";

/** Columns only ever read, never filtered, joined or sorted on: the planner needs no statistics of them. */
const READ_ONLY_TEXT: [table: string, column: string][] = [
  ["articles", "body"],
  ["articles", "summary"],
  ["articles", "cluster_terms"],
  ["articles", "changes"],
  ["quotes", "text"],
  ["relation_evidence", "sentence"],
];

/**
 * ANALYZE gathers no statistics for text no query filters on. Sampling the stories' bodies for
 * their most common values and histograms was a quarter of an ANALYZE of `articles` (0.55 of
 * 2.0 s at 100,000 stories), and a load analyses the tables at each doubling
 * (planner-statistics.ts) while writers wait for it.
 */
export class TextColumnsWithoutStatistics1796960000000 implements MigrationInterface {
  name = "TextColumnsWithoutStatistics1796960000000";

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of READ_ONLY_TEXT) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STATISTICS 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of READ_ONLY_TEXT) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STATISTICS -1`);
  }
}
