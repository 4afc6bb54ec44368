import { Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { toGlobalId } from "../common/global-id";
import { Source } from "./source.entity";
import { listSources } from "./source.service";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: "Every outlet, by name." })
  sources(@Ctx() ctx: Context): Promise<Source[]> {
    return listSources(ctx);
  }

  @FieldResolver(() => ID)
  id(@Root() source: Source): string {
    return toGlobalId("Source", source.id);
  }

  @FieldResolver(() => Int)
  articleCount(@Root() source: Source, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.article.countBySource.load(source.id);
  }
}
