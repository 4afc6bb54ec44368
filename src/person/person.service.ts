import type { Context } from "../context";
import { toPage, type Page } from "../common/connection";
import { encodeCursor, keysetAfter } from "../common/cursor";
import type { IdOrSlugArgs } from "../common/lookup-args";
import { badInput } from "../common/errors";
import { requireKey } from "../common/global-id";
import { likeEscape, Params } from "../common/sql";
import { hydrate, selectList } from "../db/hydrate";
import { Person } from "./person.entity";
import type { PeopleArgs } from "./person.inputs";
import { readRows } from "../db/read";

export const personCursor = (p: Person): string => encodeCursor([p.name, p.id]);
export const personAfter = (after: string | null | undefined) => keysetAfter(after, "string", "Person");

export async function findPerson(ctx: Context, args: IdOrSlugArgs): Promise<Person | null> {
  if (args.id) return ctx.loaders.person.byId.load(requireKey("Person", args.id));
  if (args.slug) return ctx.loaders.person.bySlug.load(args.slug);
  throw badInput("person needs an id or a slug");
}

/** People by name (then id), filtered by country and part of the name. */
export async function listPeople(ctx: Context, args: PeopleArgs): Promise<Page<Person>> {
  const build = (p: Params, withPage: boolean) => {
    const where: string[] = [];
    if (args.filter?.country) {
      const country = ctx.countries.find(args.filter.country);
      if (!country) throw badInput(`Unknown country "${args.filter.country}"`, { argument: "filter.country" });
      where.push(`x.country_code = ${p.add(country.code)}`);
    }
    if (args.filter?.nameContains) where.push(`x.name ILIKE ${p.add("%" + likeEscape(args.filter.nameContains) + "%")}`);
    const after = withPage ? personAfter(args.after) : undefined;
    if (after) where.push(`(x.name, x.id) > (${p.add(after[0])}, ${p.add(after[1], "uuid")})`);
    const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return withPage
      ? `SELECT ${selectList(ctx.ds, Person, "x")} FROM people x ${whereSql} ORDER BY x.name, x.id LIMIT ${p.add(args.first + 1, "int")}`
      : `SELECT count(*)::int AS n FROM people x ${whereSql}`;
  };
  const p = new Params();
  const rows = (await readRows(ctx.ds, build(p, true), p.values)).map((r: Record<string, unknown>) => hydrate(ctx.ds, Person, r));
  for (const person of rows) ctx.loaders.person.byId.prime(person.id, person);
  return toPage(rows, args.first, args.after, personCursor, async () => {
    const c = new Params();
    const [{ n }] = await readRows<{ n: number }>(ctx.ds, build(c, false), c.values);
    return n;
  });
}
