import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { fromGlobalId, isUuid } from "./global-id";
import { Node } from "./node";

/** Relay's `node(id:)`: any object by its global id; null when unknown or gone. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id." })
  async node(@Ctx() ctx: Context, @Arg("id", () => ID) id: string): Promise<Node | null> {
    const decoded = fromGlobalId(id);
    if (!decoded) return null;
    const { type, key } = decoded;
    if (type === "Country") return (ctx.countries.get(key) as Node | undefined) ?? null;
    if (!isUuid(key)) return null;
    const loader = {
      Article: ctx.loaders.article.byId,
      Person: ctx.loaders.person.byId,
      Source: ctx.loaders.source.byId,
      Relation: ctx.loaders.relation.byId,
      Cluster: ctx.loaders.cluster.byId,
    }[type];
    return (await loader.load(key)) as Node | null;
  }
}
