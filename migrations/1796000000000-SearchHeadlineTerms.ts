import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The search rank of every word of every headline, kept by triggers (see
 * src/article/article-search.ts for why this bounds a ranked search exactly): one row per
 * (headline lexeme, article) with ts_rank of the article's whole search document for that
 * lexeme, the same value a search for that one word computes.
 */
export class SearchHeadlineTerms1796000000000 implements MigrationInterface {
  name = "SearchHeadlineTerms1796000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE article_headline_terms (
        lexeme text NOT NULL,
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        rank real NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    // A one-word search's best matches: one range scan in result order.
    await q.query(`CREATE INDEX article_headline_terms_rank_idx ON article_headline_terms (lexeme, rank DESC, published_at DESC, article_id DESC)`);
    // Re-ingest, edit and delete of an article.
    await q.query(`CREATE INDEX article_headline_terms_article_idx ON article_headline_terms (article_id)`);
    await q.query(`
      CREATE FUNCTION article_headline_term_rows(a articles) RETURNS TABLE (lexeme text, article_id uuid, rank real, published_at timestamptz)
      LANGUAGE sql STABLE AS $$
        SELECT l, a.id, ts_rank(a.search, quote_literal(l)::tsquery), a.published_at
        FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, a.headline))) AS l
      $$`);
    // Statement triggers with transition tables: a batch of stories is one INSERT of their terms.
    await q.query(`
      CREATE FUNCTION article_headline_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO article_headline_terms SELECT t.* FROM new_rows a, article_headline_term_rows(a) t;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION article_headline_terms_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM article_headline_terms WHERE article_id IN (SELECT id FROM old_rows);
        INSERT INTO article_headline_terms SELECT t.* FROM new_rows a, article_headline_term_rows(a) t;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER article_headline_terms_inserted AFTER INSERT ON articles
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_headline_terms_inserted()`);
    await q.query(`
      CREATE TRIGGER article_headline_terms_updated AFTER UPDATE ON articles
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION article_headline_terms_updated()`);
    // Every stored article at once: minutes on a large database, past the usual statement timeout.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`INSERT INTO article_headline_terms SELECT t.* FROM articles a, article_headline_term_rows(a) t`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS article_headline_terms_updated ON articles`);
    await q.query(`DROP TRIGGER IF EXISTS article_headline_terms_inserted ON articles`);
    await q.query(`DROP FUNCTION IF EXISTS article_headline_terms_updated()`);
    await q.query(`DROP FUNCTION IF EXISTS article_headline_terms_inserted()`);
    await q.query(`DROP FUNCTION IF EXISTS article_headline_term_rows(articles)`);
    await q.query(`DROP TABLE IF EXISTS article_headline_terms`);
  }
}
