import type { GraphQLResolveInfo } from "graphql";
import type { DataSource } from "typeorm";
import { hydrate, jsonFields, selectList } from "../db/hydrate";
import { selects } from "../common/selection";
import { Person } from "../person/person.entity";
import { Relation } from "../relation/relation.entity";
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
  /** The printed links with their targets (short columns, source, country codes). */
  links?: boolean;
}

/** The read options for articles selected at `path` in the current field ([] for the field itself). */
export function readOptions(info: GraphQLResolveInfo, path: string[]): ArticleReadOptions {
  return { body: selects(info, [...path, "body"]), people: selects(info, [...path, "people"]), links: selects(info, [...path, "related"]) };
}

/** A printed link with the article it points at (null while pending). */
export interface LinkRow {
  relation: Relation;
  target: Article | null;
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
  const key = `${alias}|${prefix}|${Boolean(options.body)}|${Boolean(options.people)}|${Boolean(options.links)}`;
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = buildArticleColumns(ds, alias, prefix, options)));
  return list;
}

const countryCodes = (alias: string) => `(SELECT array_agg(cm.country_code ORDER BY cm.position) FROM country_mentions cm WHERE cm.article_id = ${alias}.id)`;

function buildArticleColumns(ds: DataSource, alias: string, prefix: string, options: ArticleReadOptions): string {
  const codes = countryCodes(alias);
  const columns = [
    selectList(ds, Article, alias, prefix, options.body ? [] : ["body"]),
    selectList(ds, Source, `${alias}_src`, `${prefix}src_`),
    `array_to_json(${codes}) AS "${prefix}country_codes"`,
  ];
  if (options.people) {
    columns.push(`(SELECT json_agg(row_to_json(p) ORDER BY pm.position) FROM person_mentions pm JOIN people p ON p.id = pm.person_id
       WHERE pm.article_id = ${alias}.id) AS "${prefix}people_json"`);
  }
  if (options.links) {
    // The story page's related stories in the same statement as the story: one round trip.
    const target = `json_build_object(${jsonFields(ds, Article, "lt", ["body"])}, 'country_codes', ${countryCodes("lt")},
       'src', (SELECT json_build_object(${jsonFields(ds, Source, "ls")}) FROM sources ls WHERE ls.id = lt.source_id))`;
    columns.push(`(SELECT json_agg(json_build_object('r', json_build_object(${jsonFields(ds, Relation, "lr")}),
         't', CASE WHEN lt.id IS NULL THEN NULL ELSE ${target} END) ORDER BY lr.position)
       FROM relations lr LEFT JOIN articles lt ON lt.id = lr.object_article_id
       WHERE lr.subject_article_id = ${alias}.id AND lr.kind IN ('RELATED_NEWS', 'READ_MORE')) AS "${prefix}links_json"`);
  }
  return columns.join(", ");
}

export const sourceJoin = (alias: string): string => `JOIN sources ${alias}_src ON ${alias}_src.id = ${alias}.source_id`;

/** A link target as links_json carries it: the article with its source and country codes. */
function readJsonArticle(ds: DataSource, json: Record<string, unknown>): { article: Article; source: Source | null } {
  const article = hydrate(ds, Article, json);
  article.countryCodes = (json.country_codes as string[] | null) ?? [];
  const source = json.src ? hydrate(ds, Source, json.src as Record<string, unknown>) : null;
  if (source) article.source = source;
  return { article, source };
}

/** An article (with its source, people and links, when selected) from a row read with articleColumns. */
export function readArticleRow(
  ds: DataSource,
  row: Record<string, unknown>,
  prefix = "",
): { article: Article; source: Source | null; people: Person[] | null; links: { relation: Relation; target: { article: Article; source: Source | null } | null }[] | null } {
  const article = hydrate(ds, Article, row, prefix);
  if (`${prefix}country_codes` in row) article.countryCodes = (row[`${prefix}country_codes`] as string[] | null) ?? [];
  const source = row[`${prefix}src_id`] ? hydrate(ds, Source, row, `${prefix}src_`) : null;
  if (source) article.source = source;
  let people: Person[] | null = null;
  if (`${prefix}people_json` in row) {
    people = ((row[`${prefix}people_json`] as Record<string, unknown>[] | null) ?? []).map((p) => hydrate(ds, Person, p));
    article.people = people;
  }
  let links = null;
  if (`${prefix}links_json` in row) {
    const list = (row[`${prefix}links_json`] as { r: Record<string, unknown>; t: Record<string, unknown> | null }[] | null) ?? [];
    links = list.map((l) => ({ relation: hydrate(ds, Relation, l.r), target: l.t ? readJsonArticle(ds, l.t) : null }));
  }
  return { article, source, people, links };
}
