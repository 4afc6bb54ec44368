import type { DataSource } from "typeorm";
import { hydrate, selectList } from "../db/hydrate";
import { Source } from "../source/source.entity";
import { Article } from "./article.entity";

/**
 * Hand-written SQL reads an article together with its source (one join instead of a second
 * statement): select `articleColumns(ds, "a")` and add `sourceJoin("a")` to the FROM.
 */
export function articleColumns(ds: DataSource, alias: string, prefix = "", withBody = false): string {
  // The country codes come along (a few bytes from the mention index): Article.countries then
  // costs no statement of its own, on a story page or a feed.
  const codes = `(SELECT array_agg(cm.country_code ORDER BY cm.position) FROM country_mentions cm WHERE cm.article_id = ${alias}.id)`;
  // The body (the bulk of a row) only when the request shows it: Article.body loads it lazily otherwise.
  return `${selectList(ds, Article, alias, prefix, withBody ? [] : ["body"])}, ${selectList(ds, Source, `${alias}_src`, `${prefix}src_`)}, array_to_json(${codes}) AS "${prefix}country_codes"`;
}

export const sourceJoin = (alias: string): string => `JOIN sources ${alias}_src ON ${alias}_src.id = ${alias}.source_id`;

/** An article (and its source, when selected) from a row read with articleColumns. */
export function readArticleRow(ds: DataSource, row: Record<string, unknown>, prefix = ""): { article: Article; source: Source | null } {
  const article = hydrate(ds, Article, row, prefix);
  if (`${prefix}country_codes` in row) article.countryCodes = (row[`${prefix}country_codes`] as string[] | null) ?? [];
  const source = row[`${prefix}src_id`] ? hydrate(ds, Source, row, `${prefix}src_`) : null;
  return { article, source };
}
