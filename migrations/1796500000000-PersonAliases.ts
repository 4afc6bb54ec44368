import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Identities merged away by `mergePeople`: a person's normalized name and country that now
 * stand for the person kept. The people upsert of every write (one story or a bulk batch) looks
 * a name up here first, so a later story naming the merged person adds to the kept one instead
 * of bringing the merged one back. `person_aliases_identity_key` serves that lookup (one probe
 * per name of a round), `person_aliases_person_idx` the hand-over when the kept person is
 * itself merged into another.
 */
export class PersonAliases1796500000000 implements MigrationInterface {
  name = "PersonAliases1796500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_aliases (
        name_key text NOT NULL,
        country_code text REFERENCES countries (code),
        person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        merged_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_aliases_identity_key ON person_aliases (name_key, coalesce(country_code, ''))`);
    await q.query(`CREATE INDEX person_aliases_person_idx ON person_aliases (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS person_aliases`);
  }
}
