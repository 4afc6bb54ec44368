import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Role } from "../auth/api-key.entity";
import { requireKey } from "../common/global-id";
import { notFound } from "../common/errors";
import { Article } from "../article/article.entity";
import { ArticleInput, IngestResult } from "./ingest.inputs";
import { ingestStory } from "./ingest";
import { deleteArticle } from "./article-admin.service";

@Resolver()
export class IngestResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => IngestResult, { description: "Takes in a structured story (insert, or update when already stored)." })
  async ingestArticle(@Ctx() ctx: Context, @Arg("input", () => ArticleInput) input: ArticleInput): Promise<IngestResult> {
    const outcome = await ingestStory(ctx, input);
    const article = await ctx.loaders.article.byId.load(outcome.articleId);
    if (!article) throw notFound("The story was written but cannot be read back");
    return { ...outcome, article };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Boolean, { description: "Deletes a story; links to it become pending again, its evidence is withdrawn." })
  deleteArticle(@Ctx() ctx: Context, @Arg("id", () => ID) id: string): Promise<boolean> {
    return deleteArticle(ctx, requireKey("Article", id));
  }
}

void Article;
