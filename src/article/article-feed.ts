import type { DataSource } from "typeorm";
import type { Params } from "../common/sql";
import { articleColumns, sourceJoin, type ArticleReadOptions } from "./article-rows";

/** Filters a feed of articles accepts, already resolved to database keys. */
export interface FeedFilter {
  /** Every listed country must be mentioned (alpha-2 codes). */
  countries?: string[];
  personId?: string;
  sourceCode?: string;
  tag?: string;
  publishedAfter?: Date;
  publishedBefore?: Date;
}

export type FeedOrder = "NEWEST" | "OLDEST";

/** What drives the scan: the country or person mention index (a range scan), or all articles. */
export type FeedDriver = { by: "country" | "person"; keyExpr: string } | { by: "all" };

export interface FeedSpec {
  driver: FeedDriver;
  filter: FeedFilter;
  order: FeedOrder;
  /** What to read along with each article (what the request shows). */
  read?: ArticleReadOptions;
  /** Keyset position after which the page starts: [publishedAt ISO, article id]. */
  after?: [string, string];
  limit: number;
}

const DRIVER_TABLE = { country: ["country_mentions", "country_code"], person: ["person_mentions", "person_id"] } as const;

/** FROM and WHERE of a feed; `d` is the driving relation whose (published_at, id) orders the feed. */
export function feedFrom(spec: FeedSpec, p: Params, withSource = false, countOnly = false): { from: string; where: string[]; pub: string; id: string } {
  const source = withSource ? ` ${sourceJoin("a")}` : "";
  const f = spec.filter;
  // A count over a mention index needs the articles table only for conditions on its columns.
  const joinArticles = !countOnly || Boolean(f.sourceCode || f.tag);
  const where: string[] = [];
  let from: string;
  let pub: string;
  let id: string;
  if (spec.driver.by === "all") {
    from = `articles a${source}`;
    pub = "a.published_at";
    id = "a.id";
  } else {
    const [table, column] = DRIVER_TABLE[spec.driver.by];
    from = joinArticles ? `${table} d JOIN articles a ON a.id = d.article_id${source}` : `${table} d`;
    where.push(`d.${column} = ${spec.driver.keyExpr}`);
    pub = "d.published_at";
    id = "d.article_id";
  }
  for (const code of f.countries ?? []) {
    where.push(`EXISTS (SELECT 1 FROM country_mentions x WHERE x.article_id = ${id} AND x.country_code = ${p.add(code)})`);
  }
  if (f.personId) {
    where.push(`EXISTS (SELECT 1 FROM person_mentions x WHERE x.article_id = ${id} AND x.person_id = ${p.add(f.personId, "uuid")})`);
  }
  if (f.sourceCode) where.push(`a.source_id = (SELECT s.id FROM sources s WHERE s.code = ${p.add(f.sourceCode)})`);
  if (f.tag) where.push(`a.tags @> ARRAY[${p.add(f.tag)}]::text[]`);
  if (f.publishedAfter) where.push(`${pub} > ${p.add(f.publishedAfter.toISOString(), "timestamptz")}`);
  if (f.publishedBefore) where.push(`${pub} < ${p.add(f.publishedBefore.toISOString(), "timestamptz")}`);
  return { from, where, pub, id };
}

/** SELECT of one page of a feed (limit rows), newest or oldest first, keyset-paginated. */
export function feedPageSql(ds: DataSource, spec: FeedSpec, p: Params): string {
  const { from, where, pub, id } = feedFrom(spec, p, true);
  const direction = spec.order === "NEWEST" ? "DESC" : "ASC";
  if (spec.after) {
    const op = spec.order === "NEWEST" ? "<" : ">";
    where.push(`(${pub}, ${id}) ${op} (${p.add(spec.after[0], "timestamptz")}, ${p.add(spec.after[1], "uuid")})`);
  }
  return `SELECT ${articleColumns(ds, "a", "", spec.read)} FROM ${from}
    ${where.length ? "WHERE " + where.join(" AND ") : ""}
    ORDER BY ${pub} ${direction}, ${id} ${direction} LIMIT ${p.add(spec.limit, "int")}`;
}

/** SELECT count(*) of a whole feed (its filter, no cursor). */
export function feedCountSql(spec: FeedSpec, p: Params): string {
  const { from, where } = feedFrom(spec, p, false, true);
  return `SELECT count(*)::int AS n FROM ${from} ${where.length ? "WHERE " + where.join(" AND ") : ""}`;
}
