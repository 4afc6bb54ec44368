import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { countLoader, groupedLoader, keyedLoader, LoaderFamily } from "../common/batch";
import { hydrate, selectList } from "../db/hydrate";
import { Params } from "../common/sql";
import { Relation } from "../relation/relation.entity";
import { Article } from "./article.entity";
import { feedCountSql, feedPageSql, type FeedFilter, type FeedOrder } from "./article-feed";
import { CountryMention, PersonMention } from "./mention.entity";
import { Quote } from "./quote.entity";

/** A related link row with its target (when resolved). */
export interface LinkRow {
  relation: Relation;
  target: Article | null;
}

/** Page request of a per-parent feed. */
export interface FeedArgs {
  filter: FeedFilter;
  order: FeedOrder;
  after?: [string, string];
  limit: number;
}

/** Per-request loaders of the article domain: every field that reads articles goes through one. */
export function createArticleLoaders(ds: DataSource) {
  const articles = ds.getRepository(Article);

  const byId = keyedLoader<string, Article>((ids) => articles.findBy({ id: In([...ids]) }), (a) => a.id);
  const bySlug = keyedLoader<string, Article>((slugs) => articles.findBy({ slug: In([...slugs]) }), (a) => a.slug);
  const prime = (list: Iterable<Article>) => {
    for (const a of list) byId.prime(a.id, a);
  };

  /** Lateral page of articles for each parent key (country code or person id). */
  const pagesBy = (by: "country" | "person", keyCast: string) =>
    new LoaderFamily<string, Article[], FeedArgs>(
      (args) =>
        new DataLoader(async (keys) => {
          const p = new Params();
          const keysParam = p.add([...keys], keyCast + "[]");
          const page = feedPageSql(ds, { driver: { by, keyExpr: "k.key" }, ...args }, p);
          const rows: Record<string, unknown>[] = await ds.query(
            `SELECT k.key::text AS parent_key, f.* FROM unnest(${keysParam}) AS k(key) CROSS JOIN LATERAL (${page}) f`,
            p.values,
          );
          const groups = new Map<string, Article[]>(keys.map((k) => [k, []]));
          for (const row of rows) groups.get(String(row.parent_key))?.push(hydrate(ds, Article, row));
          for (const list of groups.values()) prime(list);
          return keys.map((k) => groups.get(k) ?? []);
        }),
    );
  const countsBy = (by: "country" | "person", keyCast: string) =>
    new LoaderFamily<string, number, FeedFilter>(
      (filter) =>
        countLoader(async (keys) => {
          const p = new Params();
          const keysParam = p.add([...keys], keyCast + "[]");
          const count = feedCountSql({ driver: { by, keyExpr: "k.key" }, filter, order: "NEWEST", limit: 0 }, p);
          return ds.query(`SELECT k.key::text AS key, c.n FROM unnest(${keysParam}) AS k(key) CROSS JOIN LATERAL (${count}) c`, p.values);
        }),
    );

  return {
    byId,
    bySlug,
    prime,
    personMentions: groupedLoader<string, PersonMention>(
      (ids) => ds.getRepository(PersonMention).find({ where: { articleId: In([...ids]) }, order: { articleId: "ASC", position: "ASC" } }),
      (m) => m.articleId,
    ),
    countryMentions: groupedLoader<string, CountryMention>(
      (ids) => ds.getRepository(CountryMention).find({ where: { articleId: In([...ids]) }, order: { articleId: "ASC", position: "ASC" } }),
      (m) => m.articleId,
    ),
    quotes: groupedLoader<string, Quote>(
      (ids) => ds.getRepository(Quote).find({ where: { articleId: In([...ids]) }, order: { articleId: "ASC", position: "ASC" } }),
      (q) => q.articleId,
    ),
    /** Printed links of each article in printed order, with their targets in the same statement. */
    links: groupedLoader<string, LinkRow>(async (ids) => {
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT ${selectList(ds, Relation, "r", "r_")}, ${selectList(ds, Article, "t", "t_")}
         FROM relations r LEFT JOIN articles t ON t.id = r.object_article_id
         WHERE r.subject_article_id = ANY($1::uuid[]) AND r.kind IN ('RELATED_NEWS', 'READ_MORE')
         ORDER BY r.subject_article_id, r.position`,
        [[...ids]],
      );
      const links = rows.map((row) => ({
        relation: hydrate(ds, Relation, row, "r_"),
        target: row.t_id ? hydrate(ds, Article, row, "t_") : null,
      }));
      prime(links.flatMap((l) => (l.target ? [l.target] : [])));
      return links;
    }, (l) => l.relation.subjectArticleId!),
    /** Relations each article asserts (it is their evidence). */
    asserted: groupedLoader<string, Relation & { evidenceArticleId: string }>(async (ids) => {
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT e.article_id AS evidence_article_id, ${selectList(ds, Relation, "r")}
         FROM relation_evidence e JOIN relations r ON r.id = e.relation_id
         WHERE e.article_id = ANY($1::uuid[]) ORDER BY e.article_id, r.kind, r.position NULLS LAST, r.id`,
        [[...ids]],
      );
      return rows.map((row) => Object.assign(hydrate(ds, Relation, row), { evidenceArticleId: String(row.evidence_article_id) }));
    }, (r) => r.evidenceArticleId),
    /**
     * Similar stories: candidates share people (weight 3) or countries (weight 1) among the
     * 50 newest mentions of each entity; headline trigram similarity and shared tags break ties.
     */
    similar: new LoaderFamily<string, Article[], number>(
      (limit) =>
        new DataLoader(async (ids) => {
          const rows: Record<string, unknown>[] = await ds.query(
            `SELECT k.id::text AS parent_key, s.* FROM unnest($1::uuid[]) AS k(id)
             JOIN articles src ON src.id = k.id
             CROSS JOIN LATERAL (
               SELECT ${selectList(ds, Article, "a")}
               FROM (
                 SELECT c.article_id, sum(c.w) AS shared FROM (
                   SELECT m2.article_id, 3 AS w FROM person_mentions m1
                     CROSS JOIN LATERAL (SELECT x.article_id FROM person_mentions x WHERE x.person_id = m1.person_id AND x.article_id <> k.id
                                         ORDER BY x.published_at DESC LIMIT 50) m2
                     WHERE m1.article_id = k.id
                   UNION ALL
                   SELECT m2.article_id, 1 AS w FROM country_mentions m1
                     CROSS JOIN LATERAL (SELECT x.article_id FROM country_mentions x WHERE x.country_code = m1.country_code AND x.article_id <> k.id
                                         ORDER BY x.published_at DESC LIMIT 50) m2
                     WHERE m1.article_id = k.id
                 ) c GROUP BY c.article_id ORDER BY shared DESC LIMIT 100
               ) cand JOIN articles a ON a.id = cand.article_id
               ORDER BY cand.shared + 2 * similarity(a.headline_norm, src.headline_norm)
                        + cardinality(ARRAY(SELECT unnest(a.tags) INTERSECT SELECT unnest(src.tags))) DESC,
                        a.published_at DESC, a.id
               LIMIT $2::int
             ) s`,
            [[...ids], limit],
          );
          const groups = new Map<string, Article[]>(ids.map((k) => [k, []]));
          for (const row of rows) groups.get(String(row.parent_key))?.push(hydrate(ds, Article, row));
          for (const list of groups.values()) prime(list);
          return ids.map((k) => groups.get(k) ?? []);
        }),
    ),
    countryPages: pagesBy("country", "text"),
    countryCounts: countsBy("country", "text"),
    personPages: pagesBy("person", "uuid"),
    personCounts: countsBy("person", "uuid"),
    countBySource: countLoader<string>((ids) =>
      ds.query(`SELECT source_id::text AS key, count(*)::int AS n FROM articles WHERE source_id = ANY($1::uuid[]) GROUP BY source_id`, [[...ids]]),
    ),
  };
}

export type ArticleLoaders = ReturnType<typeof createArticleLoaders>;
