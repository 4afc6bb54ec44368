import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Revision history: `articles.revision` counts the versions of a story and `articles.changes`
 * says what the current one changed; every version a write replaces (and the last one, when
 * the story is deleted) is kept in `article_revisions`, which has no foreign key to articles
 * so that the history outlives the story.
 */
export class ArticleRevisions1795970000000 implements MigrationInterface {
  name = "ArticleRevisions1795970000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision > 0), ADD COLUMN changes jsonb`);
    await q.query(`
      CREATE TABLE article_revisions (
        article_id uuid NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        written_at timestamptz NOT NULL,
        source_id uuid REFERENCES sources (id),
        headline text NOT NULL,
        summary text,
        body text[] NOT NULL,
        dateline text,
        published_at timestamptz NOT NULL,
        url text,
        tags text[] NOT NULL DEFAULT '{}',
        language text NOT NULL,
        people text[] NOT NULL DEFAULT '{}',
        countries text[] NOT NULL DEFAULT '{}',
        -- What this version changed from the one before it (null: the first version).
        changes jsonb,
        -- Set on every version of a story that was deleted.
        deleted_at timestamptz,
        PRIMARY KEY (article_id, revision)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS article_revisions`);
    await q.query(`ALTER TABLE articles DROP COLUMN IF EXISTS changes, DROP COLUMN IF EXISTS revision`);
  }
}
