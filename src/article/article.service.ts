import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { decodeCursor, encodeCursor, keysetAfter } from "../common/cursor";
import type { IdOrSlugArgs } from "../common/lookup-args";
import { badInput } from "../common/errors";
import { requireKey } from "../common/global-id";
import { toPage, type Page } from "../common/connection";
import { Params } from "../common/sql";
import { readOptions } from "./article-rows";
import { selects } from "../common/selection";
import { Article } from "./article.entity";
import { feedCountSql, feedPageSql, type FeedFilter, type FeedSpec } from "./article-feed";
import { MARK_START, MARK_STOP, MAX_SEARCH_ROWS, searchCountSql, searchPageSql } from "./article-search";
import type { ArticleFilter, ArticlesArgs, SearchArgs } from "./article.inputs";
import type { SearchEdge } from "./article.types";
import { readRows } from "../db/read";

/** Keyset cursor of a feed row. */
export const feedCursor = (a: Article): string => encodeCursor([a.publishedAt.toISOString(), a.id]);
/** The keyset position a feed cursor names. */
export const feedAfter = (after: string | null | undefined) => keysetAfter(after, "date", "Article");

/** One article by global id (or UUID) or slug; null when there is none. */
export async function findArticle(ctx: Context, args: IdOrSlugArgs, info: GraphQLResolveInfo): Promise<Article | null> {
  const loaders = ctx.loaders.article;
  const options = readOptions(info, []);
  if (args.id) return loaders.byIdWith.load(requireKey("Article", args.id), options);
  if (args.slug) return loaders.bySlugWith.load(args.slug, options);
  throw badInput("article needs an id or a slug");
}

/** Turns the client's filter into database keys; an unknown country is a BAD_USER_INPUT error. */
export function resolveFilter(ctx: Context, filter: ArticleFilter | null | undefined): FeedFilter {
  if (!filter) return {};
  const codes = [...(filter.country ? [filter.country] : []), ...(filter.countries ?? [])].map((name) => {
    const country = ctx.countries.find(name);
    if (!country) throw badInput(`Unknown country "${name}"`, { argument: "filter.country" });
    return country.code;
  });
  if (filter.publishedAfter && filter.publishedBefore && filter.publishedAfter >= filter.publishedBefore) {
    throw badInput("publishedAfter must be before publishedBefore");
  }
  return {
    countries: [...new Set(codes)],
    personId: filter.person ? requireKey("Person", filter.person, "filter.person") : undefined,
    sourceCode: filter.source ? filter.source.toUpperCase() : undefined,
    tag: filter.tag ?? undefined,
    publishedAfter: filter.publishedAfter ?? undefined,
    publishedBefore: filter.publishedBefore ?? undefined,
  };
}

/**
 * A feed spec for a filter: a country filter drives the scan from the country mention index
 * (one range scan in (published_at, id) order), otherwise the articles' own index.
 */
export function feedSpec(filter: FeedFilter, rest: Omit<FeedSpec, "driver" | "filter">, p: Params): FeedSpec {
  const [first, ...others] = filter.countries ?? [];
  if (first) return { driver: { by: "country", keyExpr: p.add(first) }, filter: { ...filter, countries: others }, ...rest };
  return { driver: { by: "all" }, filter, ...rest };
}

/** The `articles` feed: filtered, newest or oldest first, keyset-paginated. */
export async function listArticles(ctx: Context, args: ArticlesArgs, info: GraphQLResolveInfo): Promise<Page<Article>> {
  const filter = resolveFilter(ctx, args.filter);
  const after = feedAfter(args.after);
  const p = new Params();
  const read = readOptions(info, ["edges", "node"]);
  const sql = feedPageSql(ctx.ds, feedSpec(filter, { order: args.orderBy, after, limit: args.first + 1, read }, p), p);
  const rows = (await readRows(ctx.ds, sql, p.values)).map((r: Record<string, unknown>) => ctx.loaders.article.read(r));
  return toPage(rows, args.first, args.after, feedCursor, async () => {
    const c = new Params();
    const [{ n }] = await readRows<{ n: number }>(ctx.ds, feedCountSql(feedSpec(filter, { order: args.orderBy, limit: 0 }, c), c), c.values);
    return n;
  });
}

/** A highlight as HTML: the story's text escaped, the matches alone in <mark> tags (see MARK_START). */
export function markHighlight(raw: string | null): string | null {
  if (raw === null) return null;
  return raw
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
    .replaceAll(MARK_START, "<mark>")
    .replaceAll(MARK_STOP, "</mark>");
}
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Full-text search, best matches first (ts_rank; see article-search.ts), with highlighted passages when asked for. */
export async function searchArticles(ctx: Context, args: SearchArgs, info: GraphQLResolveInfo): Promise<Page<Article, SearchEdge>> {
  const filter = resolveFilter(ctx, args.filter);
  const offset = args.after ? (decodeCursor(args.after, ["number"])[0] as number) + 1 : 0;
  if (offset + args.first + 1 > MAX_SEARCH_ROWS) throw badInput("after is not a valid cursor for this list", { argument: "after" });
  const p = new Params();
  const sql = searchPageSql(ctx.ds, { query: args.query, filter, offset, limit: args.first + 1, read: readOptions(info, ["edges", "node"]), highlight: selects(info, ["edges", "highlight"]) }, p);
  const rows: Record<string, unknown>[] = await readRows(ctx.ds, sql, p.values);
  const hits = rows.map((r) => ({ article: ctx.loaders.article.read(r), score: Number(r.score), highlight: markHighlight(r.highlight as string | null) }));
  return toPage<(typeof hits)[number], SearchEdge>(
    hits,
    args.first,
    args.after,
    (_hit, i) => encodeCursor([offset + i]),
    async () => {
      const c = new Params();
      const [{ n }] = await readRows<{ n: number }>(ctx.ds, searchCountSql({ query: args.query, filter }, c), c.values);
      return n;
    },
    (hit, cursor) => ({ cursor, node: hit.article, score: hit.score, highlight: hit.highlight }),
  );
}
