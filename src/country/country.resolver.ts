import { Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { connectionType, type Page } from "../common/connection";
import { toGlobalId } from "../common/global-id";
import { FirstAfterArgs, FirstAfterArgs50 } from "../common/page-args";
import { Article } from "../article/article.entity";
import { CountryArticlesArgs } from "../article/article.inputs";
import { ArticleConnection } from "../article/article.types";
import { PersonConnection } from "../person/person.resolver";
import { Person } from "../person/person.entity";
import { Relation } from "../relation/relation.entity";
import { Country } from "./country.entity";
import { CountryLookupArgs, CountryRelationsArgs } from "./country.inputs";
import { countryArticles, countryPeople, countryRelations, listCountries } from "./country.service";

export const CountryConnection = connectionType(Country, "Country");

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: "A country by alpha-2, alpha-3 or English name, any case." })
  country(@Ctx() ctx: Context, @Args(() => CountryLookupArgs) args: CountryLookupArgs): Country | null {
    return ctx.countries.find(args.code) ?? null;
  }

  @Query(() => CountryConnection, { description: "Every ISO 3166-1 country, by name." })
  countries(@Ctx() ctx: Context, @Args(() => FirstAfterArgs50) args: FirstAfterArgs50): Page<Country> {
    return listCountries(ctx, args.first, args.after);
  }

  @FieldResolver(() => ID)
  id(@Root() country: Country): string {
    return toGlobalId("Country", country.code);
  }

  @FieldResolver(() => Int, { description: "Number of stories that mention this country." })
  mentionCount(@Root() country: Country, @Ctx() ctx: Context): Promise<number> {
    // The number of stories in the country's feed, with the same batched count as its totalCount.
    return ctx.loaders.article.countryCounts.load(country.code, {});
  }

  @FieldResolver(() => ArticleConnection, { description: "Stories mentioning this country, newest first." })
  articles(
    @Root() country: Country,
    @Ctx() ctx: Context,
    @Args(() => CountryArticlesArgs) args: CountryArticlesArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Article>> {
    return countryArticles(ctx, country, args, info);
  }

  @FieldResolver(() => PersonConnection, { description: "People affiliated with this country, by name." })
  people(@Root() country: Country, @Ctx() ctx: Context, @Args(() => FirstAfterArgs) args: FirstAfterArgs): Promise<Page<Person>> {
    return countryPeople(ctx, country, args.first, args.after);
  }

  @FieldResolver(() => [Relation], { description: "Relations involving this country: strongest first, or most recently changed first (orderBy: RECENT)." })
  relations(@Root() country: Country, @Ctx() ctx: Context, @Args(() => CountryRelationsArgs) args: CountryRelationsArgs): Promise<Relation[]> {
    return countryRelations(ctx, country, args);
  }
}
