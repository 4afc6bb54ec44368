import type { Context } from "../context";
import { toPage, type Page } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { badInput } from "../common/errors";
import { fromGlobalId, keyOf } from "../common/global-id";
import { Params } from "../common/sql";
import { hydrate, selectList } from "../db/hydrate";
import type { Article } from "../article/article.entity";
import type { Country } from "../country/country.entity";
import type { Person } from "../person/person.entity";
import { Relation } from "./relation.entity";
import type { RelationsArgs } from "./relation.inputs";
import { readRows } from "../db/read";

/** The WHERE conditions of a relation filter. */
function relationConditions(ctx: Context, args: RelationsArgs, p: Params): string[] {
  const where: string[] = [];
  const filter = args.filter;
  for (const name of filter?.between ?? []) {
    const country = ctx.countries.find(name);
    if (!country) throw badInput(`Unknown country "${name}"`, { argument: "filter.between" });
    const code = p.add(country.code);
    where.push(`(r.subject_country_code = ${code} OR r.object_country_code = ${code})`);
  }
  if (filter?.kind) where.push(`r.kind = ${p.add(filter.kind, "relation_kind")}`);
  if (filter?.pending != null) where.push(`${filter.pending ? "" : "NOT "}(r.object_article_id IS NULL AND r.target_ref IS NOT NULL)`);
  if (filter?.involving) {
    const decoded = fromGlobalId(filter.involving);
    const key = decoded && keyOf(decoded.type, filter.involving);
    if (!decoded || !key) throw badInput("filter.involving is not a valid id", { argument: "filter.involving" });
    const k = p.add(key);
    switch (decoded.type) {
      case "Country":
        where.push(`(r.subject_country_code = ${k} OR r.object_country_code = ${k})`);
        break;
      case "Person":
        where.push(`r.subject_person_id = ${k}::uuid`);
        break;
      case "Article":
        where.push(`(r.subject_article_id = ${k}::uuid OR r.object_article_id = ${k}::uuid)`);
        break;
      default:
        throw badInput("filter.involving must be an Article, Person or Country id", { argument: "filter.involving" });
    }
  }
  return where;
}

/** Relations matching a filter, strongest (most asserted) first; offset cursors. */
export async function listRelations(ctx: Context, args: RelationsArgs): Promise<Page<Relation>> {
  const offset = args.after ? (decodeCursor(args.after, ["number"])[0] as number) + 1 : 0;
  const p = new Params();
  const where = relationConditions(ctx, args, p);
  const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const rows: Record<string, unknown>[] = await readRows(ctx.ds, 
    `SELECT ${selectList(ctx.ds, Relation, "r")} FROM relations r ${whereSql}
     ORDER BY r.weight DESC, r.last_seen_at DESC, r.id OFFSET ${p.add(offset, "int")} LIMIT ${p.add(args.first + 1, "int")}`,
    p.values,
  );
  const relations = rows.map((r) => hydrate(ctx.ds, Relation, r));
  for (const r of relations) ctx.loaders.relation.byId.prime(r.id, r);
  return toPage(relations, args.first, args.after, (_r, i) => encodeCursor([offset + i]), async () => {
    const c = new Params();
    const conditions = relationConditions(ctx, args, c);
    const [{ n }] = await readRows<{ n: number }>(ctx.ds, `SELECT count(*)::int AS n FROM relations r ${conditions.length ? "WHERE " + conditions.join(" AND ") : ""}`, c.values);
    return n;
  });
}

/** The subject of a relation: an article, a person or a country. */
export async function relationSubject(ctx: Context, r: Relation): Promise<Article | Person | Country> {
  const subject = r.subjectArticleId
    ? await ctx.loaders.article.byId.load(r.subjectArticleId)
    : r.subjectPersonId
      ? await ctx.loaders.person.byId.load(r.subjectPersonId)
      : ctx.countries.get(r.subjectCountryCode!);
  if (!subject) throw new Error(`relation ${r.id} has no subject`); // foreign keys make this unreachable
  return subject;
}

/** The object of a relation; null for a pending article link. */
export async function relationObject(ctx: Context, r: Relation): Promise<Article | Country | null> {
  if (r.objectArticleId) return ctx.loaders.article.byId.load(r.objectArticleId);
  if (r.objectCountryCode) return ctx.countries.get(r.objectCountryCode) ?? null;
  return null;
}
