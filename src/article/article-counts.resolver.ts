import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { articleCounts, ArticleCountsArgs, ArticleCountSeries } from "./article-counts";

@Resolver()
export class ArticleCountsResolver {
  @Query(() => [ArticleCountSeries], {
    description: "Stories per day, week or month for the countries or sources with the most stories in the range (default: the last 30 periods).",
  })
  articleCounts(@Ctx() ctx: Context, @Args(() => ArticleCountsArgs) args: ArticleCountsArgs): Promise<ArticleCountSeries[]> {
    return articleCounts(ctx, args);
  }
}
