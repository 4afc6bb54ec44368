import type { GraphQLResolveInfo } from "graphql";
import type { DataSource } from "typeorm";
import { hydrate, selectList } from "../db/hydrate";
import { selects } from "../common/selection";
import { Person } from "../person/person.entity";
import { Source } from "../source/source.entity";
import { Article } from "./article.entity";

/**
 * What an article read brings along beyond its own short columns, decided from what the
 * request shows: the body (the bulk of a row) and the people (as JSON, in order of first
 * mention). Whatever is left out, its field resolver loads lazily, batched.
 */
export interface ArticleReadOptions {
  body?: boolean;
  people?: boolean;
}

/** The read options for articles selected at `path` in the current field ([] for the field itself). */
export function readOptions(info: GraphQLResolveInfo, path: string[]): ArticleReadOptions {
  return { body: selects(info, [...path, "body"]), people: selects(info, [...path, "people"]) };
}

/**
 * Hand-written SQL reads an article together with its source (one join instead of a second
 * statement): select `articleColumns(ds, "a")` and add `sourceJoin("a")` to the FROM.
 * The country codes always come along (a few bytes from the mention index), so
 * Article.countries costs no statement of its own.
 */
const columnLists = new WeakMap<DataSource, Map<string, string>>();

export function articleColumns(ds: DataSource, alias: string, prefix = "", options: ArticleReadOptions = {}): string {
  // Built once per shape: this runs for every article read.
  let lists = columnLists.get(ds);
  if (!lists) columnLists.set(ds, (lists = new Map()));
  const key = `${alias}|${prefix}|${Boolean(options.body)}|${Boolean(options.people)}`;
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = buildArticleColumns(ds, alias, prefix, options)));
  return list;
}

function buildArticleColumns(ds: DataSource, alias: string, prefix: string, options: ArticleReadOptions): string {
  const codes = `(SELECT array_agg(cm.country_code ORDER BY cm.position) FROM country_mentions cm WHERE cm.article_id = ${alias}.id)`;
  const columns = [
    selectList(ds, Article, alias, prefix, options.body ? [] : ["body"]),
    selectList(ds, Source, `${alias}_src`, `${prefix}src_`),
    `array_to_json(${codes}) AS "${prefix}country_codes"`,
  ];
  if (options.people) {
    columns.push(`(SELECT json_agg(row_to_json(p) ORDER BY pm.position) FROM person_mentions pm JOIN people p ON p.id = pm.person_id
       WHERE pm.article_id = ${alias}.id) AS "${prefix}people_json"`);
  }
  return columns.join(", ");
}

export const sourceJoin = (alias: string): string => `JOIN sources ${alias}_src ON ${alias}_src.id = ${alias}.source_id`;

/** An article (with its source and people, when selected) from a row read with articleColumns. */
export function readArticleRow(ds: DataSource, row: Record<string, unknown>, prefix = ""): { article: Article; source: Source | null; people: Person[] | null } {
  const article = hydrate(ds, Article, row, prefix);
  if (`${prefix}country_codes` in row) article.countryCodes = (row[`${prefix}country_codes`] as string[] | null) ?? [];
  const source = row[`${prefix}src_id`] ? hydrate(ds, Source, row, `${prefix}src_`) : null;
  let people: Person[] | null = null;
  if (`${prefix}people_json` in row) {
    people = ((row[`${prefix}people_json`] as Record<string, unknown>[] | null) ?? []).map((p) => hydrate(ds, Person, p));
    article.people = people;
  }
  return { article, source, people };
}
