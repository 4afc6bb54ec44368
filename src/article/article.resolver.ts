import { Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import type { Page } from "../common/connection";
import { toGlobalId } from "../common/global-id";
import { EntityUnion, Mention } from "../common/entity-union";
import { Country } from "../country/country.entity";
import { Person } from "../person/person.entity";
import { Relation } from "../relation/relation.entity";
import { Source } from "../source/source.entity";
import { Article } from "./article.entity";
import { IdOrSlugArgs } from "../common/lookup-args";
import { ArticlesArgs, RelatedArgs, SearchArgs, SimilarArgs } from "./article.inputs";
import { findArticle, listArticles, searchArticles } from "./article.service";
import { ArticleConnection, SearchConnection, type SearchEdge } from "./article.types";
import { articleMentions, articleCountries, peopleOf, relatedLinks } from "./article-fields.service";
import { Quote } from "./quote.entity";
import { RelatedLink } from "./related-link";

void EntityUnion;

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: "One story by id or slug; null when there is none." })
  article(@Ctx() ctx: Context, @Args(() => IdOrSlugArgs) args: IdOrSlugArgs, @Info() info: GraphQLResolveInfo): Promise<Article | null> {
    return findArticle(ctx, args, info);
  }

  @Query(() => ArticleConnection, { description: "Stories, newest first unless told otherwise." })
  articles(@Ctx() ctx: Context, @Args(() => ArticlesArgs) args: ArticlesArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Article>> {
    return listArticles(ctx, args, info);
  }

  @Query(() => SearchConnection, { description: "Full-text search over headline, summary and body." })
  search(@Ctx() ctx: Context, @Args(() => SearchArgs) args: SearchArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Article, SearchEdge>> {
    return searchArticles(ctx, args, info);
  }

  @FieldResolver(() => ID)
  id(@Root() article: Article): string {
    return toGlobalId("Article", article.id);
  }

  // Field resolvers answer synchronously when the article was read with what they show: a
  // feed page then completes without a promise per field (graphql-js's cheaper path).
  @FieldResolver(() => [String], { description: "Paragraphs in order." })
  body(@Root() article: Article, @Ctx() ctx: Context): string[] | Promise<string[]> {
    return article.body ?? ctx.loaders.article.body.load(article.id);
  }

  @FieldResolver(() => Source)
  source(@Root() article: Article, @Ctx() ctx: Context): Source | Promise<Source> {
    return article.source ?? ctx.loaders.source.byId.load(article.sourceId).then((s) => s!);
  }

  @FieldResolver(() => Country, { nullable: true })
  datelineCountry(@Root() article: Article, @Ctx() ctx: Context): Country | null {
    return article.datelineCountryCode ? (ctx.countries.get(article.datelineCountryCode) ?? null) : null;
  }

  @FieldResolver(() => [Person], { description: "People in order of first mention." })
  people(@Root() article: Article, @Ctx() ctx: Context): Person[] | Promise<Person[]> {
    return peopleOf(ctx, article);
  }

  @FieldResolver(() => [Country], { description: "Countries in order of first mention." })
  countries(@Root() article: Article, @Ctx() ctx: Context): Country[] | Promise<Country[]> {
    return articleCountries(ctx, article);
  }

  @FieldResolver(() => [Mention], { description: "People and countries with where they appear, in text order." })
  mentions(@Root() article: Article, @Ctx() ctx: Context): Promise<Mention[]> {
    return articleMentions(ctx, article.id);
  }

  @FieldResolver(() => [Quote])
  quotes(@Root() article: Article, @Ctx() ctx: Context): Promise<Quote[]> {
    return ctx.loaders.article.quotes.load(article.id);
  }

  @FieldResolver(() => [RelatedLink], { description: "Printed Related News / Read More links, in printed order." })
  related(@Root() article: Article, @Ctx() ctx: Context, @Args(() => RelatedArgs) args: RelatedArgs): Promise<RelatedLink[]> {
    return relatedLinks(ctx, article.id, args.first);
  }

  @FieldResolver(() => [Article], { description: "Stories sharing people, countries and words with this one." })
  similar(@Root() article: Article, @Ctx() ctx: Context, @Args(() => SimilarArgs) args: SimilarArgs): Promise<Article[]> {
    return args.first === 0 ? Promise.resolve([]) : ctx.loaders.article.similar.load(article.id, args.first);
  }

  @FieldResolver(() => [Relation], { description: "Relations this story asserts." })
  relations(@Root() article: Article, @Ctx() ctx: Context): Promise<Relation[]> {
    return ctx.loaders.article.asserted.load(article.id);
  }
}

@Resolver(() => Quote)
export class QuoteResolver {
  @FieldResolver(() => Person, { nullable: true })
  speaker(@Root() quote: Quote, @Ctx() ctx: Context): Promise<Person | null> | null {
    return quote.speakerId ? ctx.loaders.person.byId.load(quote.speakerId) : null;
  }
}
