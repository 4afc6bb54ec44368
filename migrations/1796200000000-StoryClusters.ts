import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Story clusters: stories that tell the same event (close in time, same countries and people,
 * similar words) share a cluster. `articles.cluster_terms` are the stemmed words of the lead
 * (headline, summary, first two paragraphs) that src/cluster/story-match.ts compares;
 * `clusters` keeps each cluster's size and time span for the newest-first list.
 */
export class StoryClusters1796200000000 implements MigrationInterface {
  name = "StoryClusters1796200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clusters (
        id uuid PRIMARY KEY,
        size integer NOT NULL DEFAULT 0 CHECK (size >= 0),
        first_published_at timestamptz,
        last_published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // clusters(first, after): newest first, keyset-paginated.
    await q.query(`CREATE INDEX clusters_latest_idx ON clusters (last_published_at DESC, id DESC)`);
    await q.query(`ALTER TABLE articles ADD COLUMN cluster_id uuid REFERENCES clusters (id) ON DELETE SET NULL`);
    await q.query(`
      ALTER TABLE articles ADD COLUMN cluster_terms text[] GENERATED ALWAYS AS (
        tsvector_to_array(to_tsvector('english'::regconfig,
          headline || ' ' || coalesce(summary, '') || ' ' || coalesce(body[1], '') || ' ' || coalesce(body[2], '')))) STORED`);
    // Cluster.articles and re-clustering a cluster's members.
    await q.query(`CREATE INDEX articles_cluster_idx ON articles (cluster_id, published_at DESC, id DESC) WHERE cluster_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles DROP COLUMN IF EXISTS cluster_terms, DROP COLUMN IF EXISTS cluster_id`);
    await q.query(`DROP TABLE IF EXISTS clusters`);
  }
}
