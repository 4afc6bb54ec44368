import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { countLoader, groupedLoader, keyedLoader, LoaderFamily } from "../common/batch";
import { hydrate, selectList } from "../db/hydrate";
import { Params } from "../common/sql";
import { Relation } from "../relation/relation.entity";
import { Person } from "../person/person.entity";
import type { Source } from "../source/source.entity";
import { Article } from "./article.entity";
import { feedCountSql, feedPageSql, type FeedFilter, type FeedOrder } from "./article-feed";
import { articleColumns, readArticleRow, sourceJoin, type ArticleReadOptions, type LinkRow } from "./article-rows";
import { CountryMention, PersonMention } from "./mention.entity";
import { Quote } from "./quote.entity";
import { readRows } from "../db/read";

export type { LinkRow } from "./article-rows";

/** A person mention with the person it names (read in one statement). */
export interface PersonMentionRow {
  mention: PersonMention;
  person: Person;
}

/** Page request of a per-parent feed. */
export interface FeedArgs {
  filter: FeedFilter;
  read?: ArticleReadOptions;
  order: FeedOrder;
  after?: [string, string];
  limit: number;
}

/** How the article loaders hand what they read along to the other domains' loaders. */
export interface Primers {
  source(source: Source): void;
  person(person: Person): void;
}

/** Per-request loaders of the article domain: every field that reads articles goes through one. */
export function createArticleLoaders(ds: DataSource, primers: Primers) {
  // Declared first so that read() can prime it.
  const byId: DataLoader<string, Article | null> = keyedLoader<string, Article>((ids) => readArticles("a.id = ANY($1::uuid[])", [[...ids]]), (a) => a.id);

  /** Printed links of each article in printed order, with their targets in the same statement. */
  const links: DataLoader<string, LinkRow[]> = groupedLoader<string, LinkRow>(async (ids) => {
    const rows: Record<string, unknown>[] = await readRows(ds, 
      `SELECT ${selectList(ds, Relation, "r", "r_")}, ${articleColumns(ds, "t", "t_")}
       FROM relations r LEFT JOIN (articles t ${sourceJoin("t")}) ON t.id = r.object_article_id
       WHERE r.subject_article_id = ANY($1::uuid[]) AND r.kind IN ('RELATED_NEWS', 'READ_MORE')
       ORDER BY r.subject_article_id, r.position`,
      [[...ids]],
    );
    return rows.map((row) => ({ relation: hydrate(ds, Relation, row, "r_"), target: row.t_id ? read(row, "t_") : null }));
  }, (l) => l.relation.subjectArticleId!);

  /** An article from a row of articleColumns(…, prefix); its source, people, links and itself are primed. */
  const read = (row: Record<string, unknown>, prefix = ""): Article => {
    const { article, source, people, links: linkRows } = readArticleRow(ds, row, prefix);
    if (source) primers.source(source);
    for (const p of people ?? []) primers.person(p);
    byId.prime(article.id, article);
    if (linkRows) {
      links.prime(
        article.id,
        linkRows.map(({ relation, target }) => {
          if (!target) return { relation, target: null };
          if (target.source) primers.source(target.source);
          byId.prime(target.article.id, target.article);
          return { relation, target: target.article };
        }),
      );
    }
    return article;
  };
  async function readArticles(where: string, values: unknown[], options: ArticleReadOptions = {}): Promise<Article[]> {
    const rows: Record<string, unknown>[] = await readRows(ds, `SELECT ${articleColumns(ds, "a", "", options)} FROM articles a ${sourceJoin("a")} WHERE ${where}`, values);
    return rows.map((r) => read(r));
  }

  /** Groups rows that carry parent_key into lists of articles, in query order. */
  const groupArticles = (keys: readonly string[], rows: Record<string, unknown>[]): Article[][] => {
    const groups = new Map<string, Article[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(String(row.parent_key))?.push(read(row));
    return keys.map((k) => groups.get(k) ?? []);
  };

  /** Lateral page of articles for each parent key (country code or person id). */
  const pagesBy = (by: "country" | "person", keyCast: string) =>
    new LoaderFamily<string, Article[], FeedArgs>(
      (args) =>
        new DataLoader(async (keys) => {
          const p = new Params();
          const keysParam = p.add([...keys], keyCast + "[]");
          const page = feedPageSql(ds, { driver: { by, keyExpr: "k.key" }, ...args }, p);
          const rows = await readRows(ds, `SELECT k.key::text AS parent_key, f.* FROM unnest(${keysParam}) AS k(key) CROSS JOIN LATERAL (${page}) f`, p.values);
          return groupArticles(keys, rows);
        }),
    );
  const countsBy = (by: "country" | "person", keyCast: string) =>
    new LoaderFamily<string, number, FeedFilter>(
      (filter) =>
        countLoader(async (keys) => {
          const p = new Params();
          const keysParam = p.add([...keys], keyCast + "[]");
          const count = feedCountSql({ driver: { by, keyExpr: "k.key" }, filter, order: "NEWEST", limit: 0 }, p);
          return readRows(ds, `SELECT k.key::text AS key, c.n FROM unnest(${keysParam}) AS k(key) CROSS JOIN LATERAL (${count}) c`, p.values);
        }),
    );

  return {
    byId,
    /** The same reads bringing body and people along when the request shows them (no statement for those). */
    byIdWith: new LoaderFamily<string, Article | null, ArticleReadOptions>((options) =>
      keyedLoader<string, Article>((ids) => readArticles("a.id = ANY($1::uuid[])", [[...ids]], options), (a) => a.id),
    ),
    bySlugWith: new LoaderFamily<string, Article | null, ArticleReadOptions>((options) =>
      keyedLoader<string, Article>((slugs) => readArticles("a.slug = ANY($1::text[])", [[...slugs]], options), (a) => a.slug),
    ),
    /** Bodies of articles read without them. */
    body: new DataLoader<string, string[]>(async (ids) => {
      const rows: { id: string; body: string[] }[] = await readRows(ds, `SELECT id, to_json(body) AS body FROM articles WHERE id = ANY($1::uuid[])`, [[...ids]]);
      const byKey = new Map(rows.map((r) => [r.id, r.body]));
      return ids.map((id) => byKey.get(id) ?? []);
    }),
    read,
    groupArticles,
    /** People mentioned in each article, with the people themselves, in order of first mention. */
    personMentions: groupedLoader<string, PersonMentionRow>(async (ids) => {
      const rows: Record<string, unknown>[] = await readRows(ds, 
        `SELECT ${selectList(ds, PersonMention, "m", "m_")}, ${selectList(ds, Person, "p", "p_")}
         FROM person_mentions m JOIN people p ON p.id = m.person_id
         WHERE m.article_id = ANY($1::uuid[]) ORDER BY m.article_id, m.position`,
        [[...ids]],
      );
      return rows.map((row) => {
        const person = hydrate(ds, Person, row, "p_");
        primers.person(person);
        return { mention: hydrate(ds, PersonMention, row, "m_"), person };
      });
    }, (r) => r.mention.articleId),
    countryMentions: groupedLoader<string, CountryMention>(
      (ids) => ds.getRepository(CountryMention).find({ where: { articleId: In([...ids]) }, order: { articleId: "ASC", position: "ASC" } }),
      (m) => m.articleId,
    ),
    quotes: groupedLoader<string, Quote>(
      (ids) => ds.getRepository(Quote).find({ where: { articleId: In([...ids]) }, order: { articleId: "ASC", position: "ASC" } }),
      (q) => q.articleId,
    ),
    links,
    /** Relations each article asserts (it is their evidence). */
    asserted: groupedLoader<string, Relation & { evidenceArticleId: string }>(async (ids) => {
      const rows: Record<string, unknown>[] = await readRows(ds, 
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
          const rows = await readRows(ds, 
            `SELECT k.id::text AS parent_key, s.* FROM unnest($1::uuid[]) AS k(id)
             JOIN articles src ON src.id = k.id
             CROSS JOIN LATERAL (
               SELECT ${articleColumns(ds, "a")}
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
               ) cand JOIN articles a ON a.id = cand.article_id ${sourceJoin("a")}
               ORDER BY cand.shared + 2 * similarity(a.headline_norm, src.headline_norm)
                        + cardinality(ARRAY(SELECT unnest(a.tags) INTERSECT SELECT unnest(src.tags))) DESC,
                        a.published_at DESC, a.id
               LIMIT $2::int
             ) s`,
            [[...ids], limit],
          );
          return groupArticles(ids, rows);
        }),
    ),
    countryPages: pagesBy("country", "text"),
    countryCounts: countsBy("country", "text"),
    personPages: pagesBy("person", "uuid"),
    personCounts: countsBy("person", "uuid"),
    countBySource: countLoader<string>((ids) =>
      readRows(ds, `SELECT source_id::text AS key, count(*)::int AS n FROM articles WHERE source_id = ANY($1::uuid[]) GROUP BY source_id`, [[...ids]]),
    ),
  };
}
