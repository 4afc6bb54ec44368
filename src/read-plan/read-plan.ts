import {
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { collectFields } from "graphql/execution/collectFields.js";
import { getArgumentValues, getVariableValues } from "graphql";
import type { Context } from "../context";
import type { Country } from "../country/country.entity";
import { keyOf, toGlobalId } from "../common/global-id";
import { feedAfter } from "../article/article.service";
import { readRows } from "../db/read";
import { articleJson, feedCursorSql } from "./article-json";
import { LimitedSql, NotCompiled, PlanBuild, UseGeneralPath } from "./plan-build";

/**
 * Compiled reads: the story page and the country feed answered with one SQL statement that
 * builds the response's JSON in PostgreSQL, keys in selection order, so node neither hydrates
 * rows nor runs a resolver per field. A compiled plan gives exactly the answer the general path
 * (graphql-js over the resolvers) gives for the selections it accepts: fields of Article,
 * Source, Person, Country and RelatedLink that are columns or joins, the story by id or slug,
 * a country's `articles` page (no filter, no totalCount), with aliases, fragments, variables
 * and @skip/@include. Anything else, and any argument the general path would refuse, goes the
 * general way; tests/compiled-reads.test.ts compares both paths answer for answer.
 */

type Vars = Record<string, unknown>;
type Data = Record<string, unknown>;

/** A compiled operation: runs a request, or says (undefined) that the general path must answer it. */
export interface ReadPlan {
  run(ctx: Context, rawVariables: Vars | undefined): Promise<{ data: Data; maxAge: number | undefined } | undefined>;
}

/** The cache hint (@cacheControl maxAge) an object type carries, as Apollo's cache-control plugin reads it. */
function typeMaxAge(type: GraphQLObjectType): number | undefined {
  let maxAge: number | undefined;
  for (const node of [type.astNode, ...(type.extensionASTNodes ?? [])]) {
    for (const d of node?.directives ?? []) {
      if (d.name.value !== "cacheControl") continue;
      for (const arg of d.arguments ?? []) {
        if (arg.name.value === "maxAge" && arg.value.kind === Kind.INT) maxAge = Number(arg.value.value);
        else throw new NotCompiled(); // scope or inheritMaxAge: left to the general path
      }
    }
  }
  return maxAge;
}

function hasFieldHint(type: GraphQLObjectType): boolean {
  return Object.values(type.getFields()).some((f) => f.astNode?.directives?.some((d) => d.name.value === "cacheControl"));
}

/** Arguments of a field as graphql-js coerces them; a value it would refuse sends the request the general way. */
function argsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, vars: Vars): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, vars);
  } catch {
    throw new UseGeneralPath();
  }
}

const optionalString = (value: unknown, max: number): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || value.length > max) throw new UseGeneralPath();
  return value;
};

const COUNTRY_FIELDS: Record<string, (c: Country) => unknown> = {
  code: (c) => c.code,
  alpha3: (c) => c.alpha3,
  name: (c) => c.name,
  officialName: (c) => c.officialName ?? null,
  capital: (c) => c.capital ?? null,
  demonym: (c) => c.demonym ?? null,
  aliases: (c) => c.aliases,
  id: (c) => toGlobalId("Country", c.code),
  __typename: () => "Country",
};

/** What a compiled root field contributes: its value, and the cache max ages of what it reached. */
type RootRun = (ctx: Context, vars: Vars, ages: (number | undefined)[]) => Promise<unknown>;

interface Compiled {
  root: RootRun;
}

/** `article(id | slug)`: one statement reading the story and everything selected under it. */
function compileArticleRoot(b: PlanBuild, query: GraphQLObjectType, nodes: readonly FieldNode[], defaultAge: number): Compiled {
  const field = query.getFields().article;
  if ((nodes[0].arguments ?? []).some((a) => a.name.value !== "id" && a.name.value !== "slug")) throw new NotCompiled();
  b.param(() => null, "text"); // $1: the id or slug, set per request below
  const json = articleJson(b, b.objectType(query, "article"), nodes, "a");
  const bySlug = new LimitedSql(`SELECT ${json} AS n FROM articles a WHERE a.slug = $1::text`);
  const byId = new LimitedSql(`SELECT ${json} AS n FROM articles a WHERE a.id = $1::text::uuid`);
  const { params, limits } = b;
  return {
    root: async (ctx, vars, ages) => {
      const args = argsOf(field, nodes[0], vars);
      const id = optionalString(args.id, 200);
      const slug = optionalString(args.slug, 300);
      let sql: LimitedSql;
      let key: string | null;
      if (id) {
        key = keyOf("Article", id);
        if (!key) throw new UseGeneralPath();
        sql = byId;
      } else if (slug) {
        key = slug;
        sql = bySlug;
      } else {
        throw new UseGeneralPath();
      }
      const values = params.map((p) => p.value(vars));
      values[0] = key;
      const text = sql.text(limits.map((l) => l(vars)));
      ages.push(defaultAge);
      const rows = await readRows<{ n: Data }>(ctx.ds, text, values);
      return rows[0]?.n ?? null;
    },
  };
}

/** A country's `articles` connection: one statement for the page (the feed's keyset range scan). */
function compileCountryArticles(b: PlanBuild, countryType: GraphQLObjectType, nodes: readonly FieldNode[]) {
  const field = countryType.getFields().articles;
  if ((nodes[0].arguments ?? []).some((a) => !["first", "after", "filter"].includes(a.name.value))) throw new NotCompiled();
  const connection = b.objectType(countryType, "articles");
  const fields = b.subfields(connection, nodes);
  b.reach(connection);
  // $1 the country code and the page's row limit: set per request below.
  b.param(() => null, "text");
  const pageLimit = b.limits.length;
  const limitSql = b.limit(() => 0);

  let cursorNeeded = false;
  const columns: string[] = [];
  type Edge = (row: Data) => Data;
  type Part = (page: { rows: Data[]; edges: Data[]; after: unknown }) => unknown;
  const parts: [string, Part][] = [];
  let edgeOf: Edge | undefined;
  for (const [key, f] of fields) {
    const name = f[0].name.value;
    if (name === "__typename") {
      parts.push([key, () => "ArticleConnection"]);
    } else if (name === "edges") {
      const edgeType = b.objectType(connection, "edges");
      b.reach(edgeType);
      const edgeParts: [string, (row: Data) => unknown][] = [];
      for (const [ek, ef] of b.subfields(edgeType, f)) {
        const en = ef[0].name.value;
        if (en === "__typename") edgeParts.push([ek, () => "ArticleEdge"]);
        else if (en === "cursor") {
          cursorNeeded = true;
          edgeParts.push([ek, (row) => row.c]);
        } else if (en === "node") {
          const column = `n${columns.length}`;
          columns.push(`${articleJson(b, b.objectType(edgeType, "node"), ef, "a")} AS ${column}`);
          edgeParts.push([ek, (row) => row[column]]);
        } else throw new NotCompiled();
      }
      edgeOf = (row) => {
        const edge: Data = {};
        for (const [k, value] of edgeParts) edge[k] = value(row);
        return edge;
      };
      parts.push([key, (page) => page.edges]);
    } else if (name === "pageInfo") {
      const infoType = b.objectType(connection, "pageInfo");
      b.reach(infoType);
      const infoParts: [string, Part][] = [];
      for (const [ik, inf] of b.subfields(infoType, f)) {
        switch (inf[0].name.value) {
          case "__typename":
            infoParts.push([ik, () => "PageInfo"]);
            break;
          case "hasNextPage":
            infoParts.push([ik, (page) => page.rows.length > page.edges.length]);
            break;
          case "hasPreviousPage":
            infoParts.push([ik, (page) => Boolean(page.after)]);
            break;
          case "startCursor":
            cursorNeeded = true;
            infoParts.push([ik, (page) => (page.edges.length ? page.rows[0].c : null)]);
            break;
          case "endCursor":
            cursorNeeded = true;
            infoParts.push([ik, (page) => (page.edges.length ? page.rows[page.edges.length - 1].c : null)]);
            break;
          default:
            throw new NotCompiled();
        }
      }
      parts.push([key, (page) => {
        const info: Data = {};
        for (const [k, value] of infoParts) info[k] = value(page);
        return info;
      }]);
    } else {
      throw new NotCompiled(); // totalCount (a second statement) and anything new
    }
  }
  if (cursorNeeded) columns.unshift(`${feedCursorSql("a")} AS c`);
  if (!columns.length) columns.push("1 AS x");
  const base = `SELECT ${columns.join(", ")} FROM country_mentions d JOIN articles a ON a.id = d.article_id WHERE d.country_code = $1::text`;
  const order = `ORDER BY d.published_at DESC, d.article_id DESC LIMIT ${limitSql}`;
  const { params, limits } = b;
  const first = new LimitedSql(`${base} ${order}`);
  const n = params.length;
  const next = new LimitedSql(`${base} AND (d.published_at, d.article_id) < ($${n + 1}::timestamptz, $${n + 2}::uuid) ${order}`);

  return async (ctx: Context, country: Country, vars: Vars): Promise<Data> => {
    const args = argsOf(field, nodes[0], vars);
    if (args.filter !== null && args.filter !== undefined) throw new UseGeneralPath();
    const count = args.first ?? 20;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 100) throw new UseGeneralPath();
    const afterText = optionalString(args.after, 500);
    let after: [string, string] | undefined;
    try {
      after = feedAfter(afterText);
    } catch {
      throw new UseGeneralPath();
    }
    const values = params.map((p) => p.value(vars));
    values[0] = country.code;
    const limitValues = limits.map((l) => l(vars));
    limitValues[pageLimit] = count + 1;
    const text = (after ? next : first).text(limitValues);
    const rows = await readRows<Data>(ctx.ds, text, after ? [...values, ...after] : values);
    const page = { rows, edges: [] as Data[], after: afterText };
    if (edgeOf) page.edges = rows.slice(0, count).map(edgeOf);
    else page.edges = rows.slice(0, count);
    const out: Data = {};
    for (const [k, value] of parts) out[k] = value(page);
    return out;
  };
}

/** `country(code)`: the country from the in-memory directory, its `articles` page in one statement. */
function compileCountryRoot(b: PlanBuild, query: GraphQLObjectType, nodes: readonly FieldNode[], defaultAge: number): Compiled {
  const field = query.getFields().country;
  const countryType = b.objectType(query, "country");
  const countryAge = typeMaxAge(countryType) ?? defaultAge;
  const parts: [string, (ctx: Context, c: Country, vars: Vars, ages: (number | undefined)[]) => unknown][] = [];
  let articles = false;
  for (const [key, f] of b.subfields(countryType, nodes)) {
    const name = f[0].name.value;
    const plain = COUNTRY_FIELDS[name];
    if (plain && !f.some((n) => n.arguments?.length)) {
      parts.push([key, (_ctx, c) => plain(c)]);
    } else if (name === "articles" && !articles) {
      articles = true; // one page per statement: a second `articles` goes the general way
      const page = compileCountryArticles(b, countryType, f);
      parts.push([key, (ctx, c, vars, ages) => {
        ages.push(defaultAge);
        return page(ctx, c, vars);
      }]);
    } else {
      throw new NotCompiled();
    }
  }
  b.reach(countryType);
  return {
    root: async (ctx, vars, ages) => {
      const code = argsOf(field, nodes[0], vars).code;
      if (typeof code !== "string" || code.length > 100) throw new UseGeneralPath();
      ages.push(countryAge);
      const country = ctx.countries.find(code);
      if (!country) return null;
      const out: Data = {};
      for (const [k, value] of parts) out[k] = await value(ctx, country, vars, ages);
      return out;
    },
  };
}

/** The variables an operation's @skip/@include read: a plan is compiled per their values. */
function directiveVariables(operation: OperationDefinitionNode, fragments: FragmentDefinitionNode[]): string[] {
  const names = new Set<string>();
  for (const node of [operation, ...fragments]) {
    visit(node, {
      Directive(d) {
        if (d.name.value !== "skip" && d.name.value !== "include") return;
        for (const arg of d.arguments ?? []) if (arg.value.kind === Kind.VARIABLE) names.add(arg.value.name.value);
      },
    });
  }
  return [...names];
}

/**
 * Compiles an operation of a document for the given directive variable values; null when any
 * part of it is for the general path. `defaultAge` is the cache-control default max age
 * (0 when the response cache is off).
 */
function compile(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, vars: Vars, defaultAge: number): ReadPlan | null {
  const query = schema.getQueryType();
  if (operation.operation !== "query" || !query) return null;
  try {
    const b = new PlanBuild(schema, fragments, vars);
    const roots: [string, RootRun][] = [];
    let compiled = 0;
    for (const [key, nodes] of collectFields(schema, fragments, vars, query, operation.selectionSet)) {
      const name = nodes[0].name.value;
      if (name === "__typename") {
        roots.push([key, async () => "Query"]);
        continue;
      }
      // One statement per request: a second root field goes the general way (its loaders batch).
      if (++compiled > 1) return null;
      if (name === "article") roots.push([key, compileArticleRoot(b, query, nodes, defaultAge).root]);
      else if (name === "country") roots.push([key, compileCountryRoot(b, query, nodes, defaultAge).root]);
      else return null;
    }
    // Cache hints below the default max age would make the policy depend on which objects the
    // answer holds: such operations go the general way (today every hint is above it).
    for (const type of b.types) {
      if (hasFieldHint(type)) return null;
      const age = typeMaxAge(type);
      if (age !== undefined && defaultAge > 0 && age < defaultAge) return null;
    }
    return {
      async run(ctx, rawVariables) {
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
        if (coerced.errors) return undefined;
        const ages: (number | undefined)[] = [];
        const data: Data = {};
        try {
          for (const [key, run] of roots) data[key] = await run(ctx, coerced.coerced, ages);
        } catch (error) {
          if (error instanceof UseGeneralPath) return undefined;
          throw error;
        }
        const known = ages.filter((a): a is number => a !== undefined);
        return { data, maxAge: known.length ? Math.min(...known) : undefined };
      },
    };
  } catch (error) {
    if (error instanceof NotCompiled) return null;
    throw error;
  }
}

interface DocumentPlans {
  directiveVariables: Map<string, string[]>;
  plans: Map<string, ReadPlan | null>;
}
const byDocument = new WeakMap<DocumentNode, DocumentPlans>();

/**
 * The plan of a request (null: the general path answers), compiled once per parsed document
 * (Apollo Server keeps one per query text), operation and values of the @skip/@include variables.
 */
export function readPlanFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Vars | undefined, defaultAge: number): ReadPlan | null {
  let entry = byDocument.get(document);
  if (!entry) byDocument.set(document, (entry = { directiveVariables: new Map(), plans: new Map() }));
  const opName = operation.name?.value ?? "";
  const fragmentList = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  let names = entry.directiveVariables.get(opName);
  if (!names) entry.directiveVariables.set(opName, (names = directiveVariables(operation, fragmentList)));
  let vars: Vars = {};
  if (names.length) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) return null;
    vars = coerced.coerced;
  }
  const key = JSON.stringify([opName, ...names.map((n) => vars[n] ?? null)]);
  let plan = entry.plans.get(key);
  if (plan === undefined) {
    plan = compile(schema, operation, Object.fromEntries(fragmentList.map((f) => [f.name.value, f])), vars, defaultAge);
    if (entry.plans.size < 100) entry.plans.set(key, plan);
  }
  return plan;
}
