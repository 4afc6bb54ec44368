import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { IsString, MaxLength } from "class-validator";
import type { Context } from "../context";
import { Role } from "../auth/api-key.entity";
import type { Page } from "../common/connection";
import { requireKey } from "../common/global-id";
import { FirstAfterArgs10 } from "../common/page-args";
import { Article } from "../article/article.entity";
import { listRevisions } from "./revision.service";
import { RevisionConnection, type Revision } from "./revision.types";

@ArgsType()
class ArticleRevisionsArgs extends FirstAfterArgs10 {
  @Field(() => ID, { description: "The article's id (it may have been deleted)." })
  @IsString() @MaxLength(200)
  id: string;
}

@Resolver(() => Article)
export class RevisionResolver {
  @Authorized(Role.EDITOR)
  @FieldResolver(() => RevisionConnection, { description: "Every version of the story, the current one first (editors only)." })
  revisions(@Root() article: Article, @Ctx() ctx: Context, @Args(() => FirstAfterArgs10) args: FirstAfterArgs10): Promise<Page<Revision>> {
    return listRevisions(ctx, article.id, args.first, args.after);
  }

  @Authorized(Role.EDITOR)
  @Query(() => RevisionConnection, { description: "The versions of a story by id, also after it was deleted (editors only)." })
  articleRevisions(@Ctx() ctx: Context, @Args(() => ArticleRevisionsArgs) args: ArticleRevisionsArgs): Promise<Page<Revision>> {
    return listRevisions(ctx, requireKey("Article", args.id), args.first, args.after);
  }
}
