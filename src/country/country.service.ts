import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { readOptions } from "../article/article-rows";
import { toPage, type Page } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { badInput } from "../common/errors";
import { feedAfter, feedCursor, resolveFilter } from "../article/article.service";
import type { Article } from "../article/article.entity";
import type { CountryArticlesArgs } from "../article/article.inputs";
import { personAfter, personCursor } from "../person/person.service";
import type { Person } from "../person/person.entity";
import type { Relation } from "../relation/relation.entity";
import type { Country } from "./country.entity";
import type { CountryRelationsArgs } from "./country.inputs";

/** Countries by name; the table is in memory, so a page costs no SQL statement. */
export function listCountries(ctx: Context, first: number, after?: string | null): Page<Country> {
  const cursorOf = (c: Country) => encodeCursor([c.code]);
  let start = 0;
  if (after) {
    const [code] = decodeCursor(after, ["string"]) as [string];
    const index = ctx.countries.all.findIndex((c) => c.code === code);
    if (index < 0) throw badInput("after is not a valid cursor for this list", { argument: "after" });
    start = index + 1;
  }
  const rows = ctx.countries.all.slice(start, start + first + 1);
  return toPage(rows, first, after, cursorOf, async () => ctx.countries.all.length);
}

/** A country's feed: one range scan of the country mention index, batched across countries. */
export async function countryArticles(ctx: Context, country: Country, args: CountryArticlesArgs, info: GraphQLResolveInfo): Promise<Page<Article>> {
  const { countries = [], ...rest } = resolveFilter(ctx, args.filter);
  const filter = { ...rest, countries: countries.filter((c) => c !== country.code) };
  const loaders = ctx.loaders.article;
  const rows = await loaders.countryPages.load(country.code, { filter, order: "NEWEST", after: feedAfter(args.after), limit: args.first + 1, read: readOptions(info, ["edges", "node"]) });
  return toPage(rows, args.first, args.after, feedCursor, () => loaders.countryCounts.load(country.code, filter));
}

/** People affiliated with a country, by name. */
export async function countryPeople(ctx: Context, country: Country, first: number, after?: string | null): Promise<Page<Person>> {
  const rows = await ctx.loaders.person.byCountry.load(country.code, { after: personAfter(after), limit: first + 1 });
  return toPage(rows, first, after, personCursor, () => ctx.loaders.person.countByCountry.load(country.code));
}

/** Relations involving a country, strongest first. */
export function countryRelations(ctx: Context, country: Country, args: CountryRelationsArgs): Promise<Relation[]> {
  let other: string | undefined;
  if (args.with) {
    const found = ctx.countries.find(args.with);
    if (!found) throw badInput(`Unknown country "${args.with}"`, { argument: "with" });
    other = found.code;
  }
  return ctx.loaders.relation.byCountry.load(country.code, { with: other, kinds: args.kinds ?? undefined, orderBy: args.orderBy });
}
