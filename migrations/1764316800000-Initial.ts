import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The whole initial schema. Hand-written so that it reads as the data model:
 * constraints keep relations consistent, and each index names the query it serves.
 */
export class Initial1764316800000 implements MigrationInterface {
  name = "Initial1764316800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // Weighted search document; array_to_string is only STABLE, so an IMMUTABLE wrapper
    // lets the generated column use it (the text configuration is fixed, so it is safe).
    await q.query(`
      CREATE FUNCTION article_search_document(headline text, summary text, body text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, array_to_string(body, ' ')), 'C')
      $$`);

    await q.query(`
      CREATE TABLE countries (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        alpha3 text NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
        name text NOT NULL,
        official_name text,
        capital text,
        demonym text,
        aliases text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE UNIQUE INDEX countries_name_key ON countries (lower(name))`);

    await q.query(`
      CREATE TABLE sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code <> ''),
        name text NOT NULL CHECK (name <> ''),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE articles (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        source_id uuid NOT NULL REFERENCES sources (id),
        headline text NOT NULL CHECK (headline <> ''),
        headline_norm text NOT NULL,
        summary text,
        body text[] NOT NULL,
        dateline text,
        dateline_country_code text REFERENCES countries (code),
        published_at timestamptz NOT NULL,
        ingested_at timestamptz NOT NULL DEFAULT now(),
        language text NOT NULL DEFAULT 'en',
        url text,
        tags text[] NOT NULL DEFAULT '{}',
        content_hash text NOT NULL,
        search tsvector GENERATED ALWAYS AS (article_search_document(headline, summary, body)) STORED
      )`);
    // Feeds: newest first with keyset pagination on (published_at, id).
    await q.query(`CREATE INDEX articles_published_idx ON articles (published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX articles_source_published_idx ON articles (source_id, published_at DESC, id DESC)`);
    // Re-ingest of the same story: same source and URL, or same source and same text.
    await q.query(`CREATE UNIQUE INDEX articles_source_url_key ON articles (source_id, url) WHERE url IS NOT NULL`);
    await q.query(`CREATE INDEX articles_source_hash_idx ON articles (source_id, content_hash)`);
    await q.query(`CREATE INDEX articles_tags_idx ON articles USING gin (tags)`);
    await q.query(`CREATE INDEX articles_search_idx ON articles USING gin (search)`);
    // Resolving printed "Related News" titles to stored stories, exactly or nearly.
    await q.query(`CREATE INDEX articles_headline_trgm_idx ON articles USING gin (headline_norm gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL CHECK (name <> ''),
        name_key text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        role text,
        country_code text REFERENCES countries (code),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One person per normalized name and country.
    await q.query(`CREATE UNIQUE INDEX people_identity_key ON people (name_key, coalesce(country_code, ''))`);
    await q.query(`CREATE INDEX people_country_idx ON people (country_code, name, id)`);
    await q.query(`CREATE INDEX people_name_trgm_idx ON people USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE person_mentions (
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        count integer NOT NULL CHECK (count > 0),
        first_offset integer NOT NULL CHECK (first_offset >= 0),
        surface text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, person_id)
      )`);
    await q.query(`CREATE INDEX person_mentions_feed_idx ON person_mentions (person_id, published_at DESC, article_id DESC)`);

    await q.query(`
      CREATE TABLE country_mentions (
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        country_code text NOT NULL REFERENCES countries (code),
        position smallint NOT NULL,
        count integer NOT NULL CHECK (count > 0),
        first_offset integer NOT NULL CHECK (first_offset >= 0),
        surface text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, country_code)
      )`);
    // A country feed is one range scan of this index.
    await q.query(`CREATE INDEX country_mentions_feed_idx ON country_mentions (country_code, published_at DESC, article_id DESC)`);

    await q.query(`
      CREATE TABLE quotes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        speaker_id uuid REFERENCES people (id) ON DELETE SET NULL,
        position smallint NOT NULL,
        text text NOT NULL CHECK (text <> ''),
        "offset" integer NOT NULL,
        UNIQUE (article_id, position)
      )`);
    await q.query(`CREATE INDEX quotes_speaker_idx ON quotes (speaker_id)`);

    await q.query(`
      CREATE TYPE relation_kind AS ENUM
        ('RELATED_NEWS', 'READ_MORE', 'STRATEGIC', 'ECONOMIC', 'DIPLOMATIC', 'CONFLICT', 'SANCTIONS', 'CULTURAL', 'ROLE')`);
    await q.query(`
      CREATE TABLE relations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind relation_kind NOT NULL,
        subject_article_id uuid REFERENCES articles (id) ON DELETE CASCADE,
        subject_person_id uuid REFERENCES people (id) ON DELETE CASCADE,
        subject_country_code text REFERENCES countries (code),
        -- A deleted target turns the link back to pending; target_ref and title stay.
        object_article_id uuid REFERENCES articles (id) ON DELETE SET NULL,
        object_country_code text REFERENCES countries (code),
        target_ref text,
        title text,
        position integer,
        weight integer NOT NULL DEFAULT 0 CHECK (weight >= 0),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT relations_shape_check CHECK (
          CASE
            WHEN kind IN ('RELATED_NEWS', 'READ_MORE') THEN
              subject_article_id IS NOT NULL AND subject_person_id IS NULL AND subject_country_code IS NULL
              AND object_country_code IS NULL AND target_ref IS NOT NULL AND position IS NOT NULL
              AND object_article_id IS DISTINCT FROM subject_article_id
            WHEN kind = 'ROLE' THEN
              subject_person_id IS NOT NULL AND object_country_code IS NOT NULL
              AND subject_article_id IS NULL AND subject_country_code IS NULL AND object_article_id IS NULL
            ELSE
              subject_country_code IS NOT NULL AND object_country_code IS NOT NULL
              AND subject_country_code < object_country_code
              AND subject_article_id IS NULL AND subject_person_id IS NULL AND object_article_id IS NULL
          END)
      )`);
    await q.query(`CREATE UNIQUE INDEX relations_article_link_key ON relations (subject_article_id, kind, target_ref) WHERE subject_article_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX relations_country_link_key ON relations (kind, subject_country_code, object_country_code) WHERE subject_country_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX relations_role_key ON relations (subject_person_id, object_country_code) WHERE subject_person_id IS NOT NULL`);
    await q.query(`CREATE INDEX relations_object_article_idx ON relations (object_article_id) WHERE object_article_id IS NOT NULL`);
    await q.query(`CREATE INDEX relations_object_country_idx ON relations (object_country_code, kind) WHERE object_country_code IS NOT NULL`);
    // Pending links wait for a story with this target; exact and near (trigram) lookups.
    await q.query(`CREATE INDEX relations_pending_ref_idx ON relations (target_ref) WHERE object_article_id IS NULL AND target_ref IS NOT NULL`);
    await q.query(`CREATE INDEX relations_pending_ref_trgm_idx ON relations USING gin (target_ref gin_trgm_ops) WHERE object_article_id IS NULL AND target_ref IS NOT NULL`);

    await q.query(`
      CREATE TABLE relation_evidence (
        relation_id uuid NOT NULL REFERENCES relations (id) ON DELETE CASCADE,
        article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        sentence text,
        "offset" integer,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (relation_id, article_id)
      )`);
    await q.query(`CREATE INDEX relation_evidence_article_idx ON relation_evidence (article_id)`);

    // Relation.weight, first_seen_at and last_seen_at follow the evidence; a country or role
    // relation that loses its last evidence is gone (nothing asserts it any more).
    await q.query(`
      CREATE FUNCTION relation_evidence_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE relations SET weight = weight + 1,
          first_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE least(first_seen_at, NEW.seen_at) END,
          last_seen_at = CASE WHEN weight = 0 THEN NEW.seen_at ELSE greatest(last_seen_at, NEW.seen_at) END
        WHERE id = NEW.relation_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION relation_evidence_removed() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`CREATE TRIGGER relation_evidence_added AFTER INSERT ON relation_evidence FOR EACH ROW EXECUTE FUNCTION relation_evidence_added()`);
    await q.query(`CREATE TRIGGER relation_evidence_removed AFTER DELETE ON relation_evidence FOR EACH ROW EXECUTE FUNCTION relation_evidence_removed()`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["api_keys", "relation_evidence", "relations", "quotes", "country_mentions", "person_mentions", "people", "articles", "sources", "countries"]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS relation_evidence_added()`);
    await q.query(`DROP FUNCTION IF EXISTS relation_evidence_removed()`);
    await q.query(`DROP TYPE IF EXISTS relation_kind`);
    await q.query(`DROP FUNCTION IF EXISTS article_search_document(text, text, text[])`);
  }
}
