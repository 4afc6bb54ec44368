import type { FieldNode, GraphQLObjectType } from "graphql";
import { getArgumentValues } from "graphql";
import type { PlanBuild } from "./plan-build";
import { NotCompiled, UseGeneralPath } from "./plan-build";

/**
 * SQL that builds the JSON a selection of an Article (and of what hangs off it: source,
 * people, countries, related links) resolves to, with the response keys in selection order,
 * exactly as the general path (graphql-js over the resolvers) would produce it. Anything this
 * file does not know throws NotCompiled, and the request takes the general path.
 */

/** Relay global id of `Type:key` as toGlobalId makes it (base64url, no padding). */
const globalId = (type: string, key: string) => `translate(encode(convert_to('${type}:' || ${key}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** A timestamptz as Date.prototype.toISOString prints it (milliseconds, truncated as node-postgres does). */
export const isoTime = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A feed cursor as encodeCursor([publishedAt ISO, id]) makes it. */
export const feedCursorSql = (alias: string) =>
  `translate(encode(convert_to('["' || ${isoTime(`${alias}.published_at`)} || '","' || ${alias}.id::text || '"]', 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** json_build_object over (response key, SQL expression) pairs, in order. */
function object(pairs: [string, string][]): string {
  // json_build_object takes at most 100 arguments.
  if (pairs.length === 0 || pairs.length > 50) throw new NotCompiled();
  return `json_build_object(${pairs.map(([k, v]) => `'${k}', ${v}`).join(", ")})`;
}

/** The field's name; a field with arguments this compiler does not read is not compiled. */
function fieldName(nodes: readonly FieldNode[], allowArgs = false): string {
  if (!allowArgs && nodes.some((n) => n.arguments?.length)) throw new NotCompiled();
  return nodes[0].name.value;
}

const COUNTRY_COLUMNS: Record<string, (c: string) => string> = {
  code: (c) => `${c}.code`,
  alpha3: (c) => `${c}.alpha3`,
  name: (c) => `${c}.name`,
  officialName: (c) => `${c}.official_name`,
  capital: (c) => `${c}.capital`,
  demonym: (c) => `${c}.demonym`,
  aliases: (c) => `to_json(${c}.aliases)`,
  id: (c) => globalId("Country", `${c}.code`),
  __typename: () => `'Country'`,
};

/** Country fields known from the code alone (every stored code is a key of the countries table). */
const FROM_CODE: Record<string, (code: string) => string> = {
  code: (code) => code,
  id: (code) => globalId("Country", code),
  __typename: () => `'Country'`,
};

/**
 * The Country object of the country whose code `code` holds (the countries table, which the
 * in-memory directory is loaded from), null when `code` is null. Code, id and __typename
 * alone need no read of the table.
 */
function countryJson(b: PlanBuild, type: GraphQLObjectType, nodes: readonly FieldNode[], code: string): string {
  const fields = [...b.subfields(type, nodes)].map(([key, f]) => [key, fieldName(f)] as const);
  b.reach(type);
  if (fields.every(([, name]) => name in FROM_CODE)) {
    return `CASE WHEN ${code} IS NULL THEN NULL ELSE ${object(fields.map(([key, name]) => [key, FROM_CODE[name](code)]))} END`;
  }
  const c = b.alias("c");
  const json = object(fields.map(([key, name]) => {
    const column = COUNTRY_COLUMNS[name];
    if (!column) throw new NotCompiled();
    return [key, column(c)];
  }));
  return `(SELECT ${json} FROM countries ${c} WHERE ${c}.code = ${code})`;
}

const SOURCE_COLUMNS: Record<string, (s: string) => string> = {
  id: (s) => globalId("Source", `${s}.id::text`),
  code: (s) => `${s}.code`,
  name: (s) => `${s}.name`,
  __typename: () => `'Source'`,
};

function sourceJson(b: PlanBuild, type: GraphQLObjectType, nodes: readonly FieldNode[], s: string): string {
  const fields = b.subfields(type, nodes);
  b.reach(type);
  return object([...fields].map(([key, f]) => {
    const column = SOURCE_COLUMNS[fieldName(f)];
    if (!column) throw new NotCompiled();
    return [key, column(s)];
  }));
}

function personJson(b: PlanBuild, type: GraphQLObjectType, nodes: readonly FieldNode[], p: string): string {
  const fields = b.subfields(type, nodes);
  b.reach(type);
  return object([...fields].map(([key, f]): [string, string] => {
    const name = fieldName(f);
    switch (name) {
      case "id":
        return [key, globalId("Person", `${p}.id::text`)];
      case "slug":
      case "name":
      case "role":
        return [key, `${p}.${name}`];
      case "aliases":
        return [key, `to_json(${p}.aliases)`];
      case "country":
        return [key, countryJson(b, b.objectType(type, name), f, `${p}.country_code`)];
      case "__typename":
        return [key, `'Person'`];
      default:
        throw new NotCompiled();
    }
  }));
}

/** `first` of a list argument: the schema's default when null, 0 to 100 (else the general path answers with its error). */
function firstArg(value: unknown, fallback: number): number {
  const first = value ?? fallback;
  if (typeof first !== "number" || !Number.isInteger(first) || first < 0 || first > 100) throw new UseGeneralPath();
  return first;
}

function relatedJson(b: PlanBuild, articleType: GraphQLObjectType, nodes: readonly FieldNode[], a: string): string {
  const field = articleType.getFields().related;
  const args = nodes[0].arguments ?? [];
  if (args.some((arg) => arg.name.value !== "first")) throw new NotCompiled();
  const first = b.limit((vars) => firstArg(getArgumentValues(field, nodes[0], vars).first, 10));
  const linkType = b.objectType(articleType, "related");
  const fields = b.subfields(linkType, nodes);
  b.reach(linkType);
  const r = b.alias("r");
  const t = b.alias("t");
  const link = object([...fields].map(([key, f]): [string, string] => {
    const name = fieldName(f);
    switch (name) {
      case "kind":
        return [key, `${r}.kind`];
      case "title":
        // relation.title ?? target?.headline ?? targetRef without its `kind:` prefix (related-link.ts).
        return [key, `coalesce(${r}.title, ${t}.headline, regexp_replace(${r}.target_ref, '^[A-Za-z0-9_]+:', ''))`];
      case "article":
        return [key, `CASE WHEN ${t}.id IS NULL THEN NULL ELSE ${articleJson(b, b.objectType(linkType, name), f, t)} END`];
      case "__typename":
        return [key, `'RelatedLink'`];
      default:
        throw new NotCompiled();
    }
  }));
  return `coalesce((SELECT json_agg(${link} ORDER BY ${r}.position)
      FROM (SELECT * FROM relations WHERE subject_article_id = ${a}.id AND kind IN ('RELATED_NEWS', 'READ_MORE') ORDER BY position LIMIT ${first}) ${r}
      LEFT JOIN articles ${t} ON ${t}.id = ${r}.object_article_id), '[]'::json)`;
}

const ARTICLE_COLUMNS: Record<string, (a: string) => string> = {
  id: (a) => globalId("Article", `${a}.id::text`),
  slug: (a) => `${a}.slug`,
  headline: (a) => `${a}.headline`,
  summary: (a) => `${a}.summary`,
  dateline: (a) => `${a}.dateline`,
  language: (a) => `${a}.language`,
  url: (a) => `${a}.url`,
  revision: (a) => `${a}.revision`,
  tags: (a) => `to_json(${a}.tags)`,
  body: (a) => `to_json(${a}.body)`,
  publishedAt: (a) => isoTime(`${a}.published_at`),
  ingestedAt: (a) => isoTime(`${a}.ingested_at`),
  __typename: () => `'Article'`,
};

/** The JSON object of the articles row `a` for a selection of an Article. */
export function articleJson(b: PlanBuild, type: GraphQLObjectType, nodes: readonly FieldNode[], a: string): string {
  const fields = b.subfields(type, nodes);
  b.reach(type);
  return object([...fields].map(([key, f]): [string, string] => {
    const name = fieldName(f, true);
    if (name !== "related") fieldName(f);
    const column = ARTICLE_COLUMNS[name];
    if (column) return [key, column(a)];
    switch (name) {
      case "source": {
        const s = b.alias("s");
        return [key, `(SELECT ${sourceJson(b, b.objectType(type, name), f, s)} FROM sources ${s} WHERE ${s}.id = ${a}.source_id)`];
      }
      case "datelineCountry":
        return [key, countryJson(b, b.objectType(type, name), f, `${a}.dateline_country_code`)];
      case "people": {
        const [m, p] = [b.alias("pm"), b.alias("p")];
        return [key, `coalesce((SELECT json_agg(${personJson(b, b.objectType(type, name), f, p)} ORDER BY ${m}.position)
          FROM person_mentions ${m} JOIN people ${p} ON ${p}.id = ${m}.person_id WHERE ${m}.article_id = ${a}.id), '[]'::json)`];
      }
      case "countries": {
        const m = b.alias("cm");
        return [key, `coalesce((SELECT json_agg(${countryJson(b, b.objectType(type, name), f, `${m}.country_code`)} ORDER BY ${m}.position)
          FROM country_mentions ${m} WHERE ${m}.article_id = ${a}.id), '[]'::json)`];
      }
      case "related":
        return [key, relatedJson(b, type, f, a)];
      default:
        throw new NotCompiled();
    }
  }));
}
