import { Args, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../context";
import { toGlobalId } from "../common/global-id";
import { Article } from "../article/article.entity";
import { ChangeType } from "./change-event";
import { ArticleChangedArgs, RelationChangedArgs } from "./live.inputs";
import { ArticleChange, RelationChange } from "./live.types";
import { freshLoaders, subscribeArticleChanges, subscribeRelationChanges, type LiveContext } from "./live.service";

@Resolver(() => ArticleChange)
export class ArticleChangeResolver {
  @Subscription(() => ArticleChange, {
    description: "Articles created, updated or deleted through any server, as they commit (graphql-ws on the GraphQL endpoint).",
    subscribe: ({ context, args }) => subscribeArticleChanges(context as LiveContext, args as ArticleChangedArgs),
  })
  articleChanged(@Root() change: ArticleChange, @Ctx() ctx: Context, @Args(() => ArticleChangedArgs) _args: ArticleChangedArgs): ArticleChange {
    freshLoaders(ctx);
    return change;
  }

  @FieldResolver(() => ID, { description: "Global id of the article (also for a deleted one)." })
  id(@Root() change: ArticleChange): string {
    return toGlobalId("Article", change.articleId);
  }

  @FieldResolver(() => Article, { nullable: true, description: "The article as it is now; null once deleted." })
  article(@Root() change: ArticleChange, @Ctx() ctx: Context): Promise<Article | null> | null {
    return change.type === ChangeType.DELETED ? null : ctx.loaders.article.byId.load(change.articleId);
  }
}

@Resolver(() => RelationChange)
export class RelationChangeResolver {
  @Subscription(() => RelationChange, {
    description: "Relations whose evidence changed through any server: a story asserting one arrived, changed or was deleted.",
    subscribe: ({ context, args }) => subscribeRelationChanges(context as LiveContext, args as RelationChangedArgs),
  })
  relationChanged(@Root() change: RelationChange, @Ctx() ctx: Context, @Args(() => RelationChangedArgs) _args: RelationChangedArgs): RelationChange {
    freshLoaders(ctx);
    return change;
  }
}
