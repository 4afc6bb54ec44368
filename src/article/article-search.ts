import type { DataSource } from "typeorm";

/** Private-use characters the database puts around matches, no story's text: the service turns them into <mark> tags after escaping. */
export const MARK_START = "\ue000";
export const MARK_STOP = "\ue001";
import type { Params } from "../common/sql";
import { feedFrom, type FeedFilter } from "./article-feed";
import { articleColumns, sourceJoin, type ArticleReadOptions } from "./article-rows";

/**
 * Ranked full-text search that ranks only what it must, without changing any page.
 *
 * The order is ts_rank(search, query) DESC, published_at DESC, id DESC over every match. A
 * common word matches a sixth of the corpus, and ranking reads each match's whole search
 * document. But for a query of one word, an article with the word in its headline always
 * ranks above one without: the document is headline (weight A, 1.0), summary (B, 0.4) and
 * body (C, 0.2) in that order of positions, so the word's first occurrence carries the
 * document's highest weight w, and ts_rank of one word is (Σ w_j/(j+1)²)/ζ(2) over its
 * occurrences in order, which lies in [w/ζ(2), w]: at least 0.608 with the word in the
 * headline, at most 0.4 without (PostgreSQL's calc_rank_or; ζ(2) = π²/6).
 *
 * So article_headline_terms (migration SearchHeadlineTerms) keeps, per headline word and
 * article, the very rank a one-word search computes. When at least rankedBound(offset + first + 1)
 * articles (passing the filter) carry the word in their headline, the page is read from
 * that index in result order; otherwise, and for queries of several words, every match is
 * ranked as before. tests/search.test.ts checks the pages against the full ranking.
 *
 * How many of the best matches are ranked (offset + first + 1, rounded up: rankedBound) is
 * written into the text, not sent as a parameter: with `LIMIT $n` the generic plan cannot know
 * how few rows are wanted, and on a large corpus PostgreSQL kept planning the statement anew on
 * every request (0.5 ms of planning for 0.35 ms of execution at 1,000,000 stories).
 */
export function searchPageSql(ds: DataSource, args: { query: string; filter: FeedFilter; offset: number; limit: number; read: ArticleReadOptions; highlight: boolean }, p: Params): string {
  const q = p.add(args.query);
  const need = rankedBound(args.offset + args.limit);
  const head = feedFrom({ driver: { by: "all" }, filter: args.filter, order: "NEWEST", limit: 0 }, p);
  const all = feedFrom({ driver: { by: "all" }, filter: args.filter, order: "NEWEST", limit: 0 }, p);
  all.where.push(`a.search @@ (SELECT q FROM query)`);
  const highlight = args.highlight
    ? `ts_headline('english', a.headline || ' ' || coalesce(a.summary, '') || ' ' || array_to_string(a.body, ' '),
         (SELECT q FROM query), 'StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "')`
    : "NULL";
  return `WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS q),
    -- The query's one lexeme, when it is a single word (the tsquery is exactly that lexeme).
    word AS (SELECT w.lexeme FROM query, (SELECT (tsvector_to_array(to_tsvector('english', ${q})))[1] AS lexeme) w
             WHERE numnode(query.q) = 1 AND query.q::text = quote_literal(w.lexeme)),
    head AS (SELECT h.article_id AS id, h.published_at, h.rank AS score
             FROM word, article_headline_terms h JOIN ${head.from} ON a.id = h.article_id
             WHERE ${["h.lexeme = word.lexeme", ...head.where].join(" AND ")}
             ORDER BY h.rank DESC, h.published_at DESC, h.article_id DESC LIMIT ${need}),
    hits AS (
      SELECT * FROM head WHERE (SELECT count(*) FROM head) = ${need}
      UNION ALL
      SELECT * FROM (SELECT a.id, a.published_at, ts_rank(a.search, (SELECT q FROM query)) AS score
                     FROM ${all.from} WHERE ${all.where.join(" AND ")}
                     ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT ${need}) ranked
      WHERE (SELECT count(*) FROM head) < ${need})
    SELECT ${articleColumns(ds, "a", "", args.read)}, hits.score, ${highlight} AS highlight
    FROM (SELECT * FROM hits ORDER BY score DESC, published_at DESC, id DESC OFFSET ${p.add(args.offset, "int")} LIMIT ${p.add(args.limit, "int")}) hits
    JOIN articles a ON a.id = hits.id ${sourceJoin("a")}
    ORDER BY hits.score DESC, hits.published_at DESC, hits.id DESC`;
}

/** How many articles match a search (its filter included). */
export function searchCountSql(args: { query: string; filter: FeedFilter }, p: Params): string {
  const q = p.add(args.query);
  const { from, where } = feedFrom({ driver: { by: "all" }, filter: args.filter, order: "NEWEST", limit: 0 }, p);
  where.push(`a.search @@ websearch_to_tsquery('english', ${q})`);
  return `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(" AND ")}`;
}

/** The furthest a search page reaches (offset + first + 1): row counts and offsets are int4 in its SQL. */
export const MAX_SEARCH_ROWS = 2 ** 31 - 1;

/**
 * The number of best matches a search page ranks: at least offset + first + 1, rounded up to a
 * power of two (at least 32), so that a handful of statement texts serves every page while each
 * plan knows its row count. An integer this module computes, safe to write into SQL text.
 */
export function rankedBound(rows: number): number {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`not a row count: ${rows}`);
  return Math.min(MAX_SEARCH_ROWS, 2 ** Math.max(5, Math.ceil(Math.log2(Math.max(rows, 1)))));
}
