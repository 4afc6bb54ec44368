import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Role } from "../auth/api-key.entity";
import { requireKey } from "../common/global-id";
import { notFound } from "../common/errors";
import { Article } from "../article/article.entity";
import { ArticleInput, ArticlePatch, IngestResult, WireInput } from "./ingest.inputs";
import { storyFromWire } from "./wire-story";
import type { IngestOutcome } from "./story";
import { ingestStory } from "./ingest";
import { deleteArticle, updateArticle } from "./article-admin.service";
import { Person } from "../person/person.entity";
import { mergePeople } from "../person/person-merge.service";

@Resolver()
export class IngestResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => IngestResult, { description: "Takes in a structured story (insert, or update when already stored)." })
  async ingestArticle(@Ctx() ctx: Context, @Arg("input", () => ArticleInput) input: ArticleInput): Promise<IngestResult> {
    return withArticle(ctx, await ingestStory(ctx, input));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => IngestResult, { description: "Takes in raw wire text: parsed, then people, countries and relations extracted." })
  async ingestWire(@Ctx() ctx: Context, @Arg("input", () => WireInput) input: WireInput): Promise<IngestResult> {
    return withArticle(ctx, await ingestStory(ctx, storyFromWire(input.text, input, ctx.config.maxStoryBytes)));
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Article, { description: "Edits a stored story; people, countries and links are worked out again." })
  async updateArticle(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("patch", () => ArticlePatch) patch: ArticlePatch): Promise<Article> {
    const key = requireKey("Article", id);
    await updateArticle(ctx, key, patch);
    const article = await ctx.loaders.article.byId.load(key);
    if (!article) throw notFound("No article with this id");
    return article;
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Person, { description: "Editorial fix of extraction: merge becomes part of keep, for good: its name becomes an alias, and later stories naming it add to keep." })
  async mergePeople(@Ctx() ctx: Context, @Arg("keep", () => ID) keep: string, @Arg("merge", () => ID) merge: string): Promise<Person> {
    const keepKey = requireKey("Person", keep, "keep");
    await mergePeople(ctx, keepKey, requireKey("Person", merge, "merge"));
    return (await ctx.loaders.person.byId.load(keepKey))!;
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => Boolean, { description: "Deletes a story; links to it become pending again, its evidence is withdrawn." })
  deleteArticle(@Ctx() ctx: Context, @Arg("id", () => ID) id: string): Promise<boolean> {
    return deleteArticle(ctx, requireKey("Article", id));
  }
}

/** The result of an ingest with the stored article read back (through the request's loader). */
async function withArticle(ctx: Context, outcome: IngestOutcome): Promise<IngestResult> {
  const article = await ctx.loaders.article.byId.load(outcome.articleId);
  if (!article) throw notFound("The story was written but cannot be read back");
  return { ...outcome, article };
}
