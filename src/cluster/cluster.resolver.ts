import { Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import type { Page } from "../common/connection";
import { toGlobalId } from "../common/global-id";
import { FirstAfterArgs } from "../common/page-args";
import { Article } from "../article/article.entity";
import { ArticleConnection } from "../article/article.types";
import { clusterArticles, listClusters } from "./cluster.service";
import { Cluster, ClusterConnection, ClustersArgs } from "./cluster.types";

@Resolver(() => Cluster)
export class ClusterResolver {
  @Query(() => ClusterConnection, { description: "Story clusters, the one with the latest story first." })
  clusters(@Ctx() ctx: Context, @Args(() => ClustersArgs) args: ClustersArgs): Promise<Page<Cluster>> {
    return listClusters(ctx, args);
  }

  @FieldResolver(() => ID)
  id(@Root() cluster: Cluster): string {
    return toGlobalId("Cluster", cluster.key);
  }

  @FieldResolver(() => ArticleConnection, { description: "Its stories, newest first." })
  articles(@Root() cluster: Cluster, @Ctx() ctx: Context, @Args(() => FirstAfterArgs) args: FirstAfterArgs): Promise<Page<Article>> {
    return clusterArticles(ctx, cluster, args.first, args.after);
  }
}

@Resolver(() => Article)
export class ArticleClusterResolver {
  @FieldResolver(() => Cluster, { nullable: true, description: "Stories from other outlets about the same event; null when none." })
  cluster(@Root() article: Article, @Ctx() ctx: Context): Promise<Cluster | null> | null {
    return article.clusterId ? ctx.loaders.cluster.byId.load(article.clusterId) : null;
  }
}
