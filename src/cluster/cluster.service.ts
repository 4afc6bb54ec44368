import type { Context } from "../context";
import { toPage, type Page } from "../common/connection";
import { encodeCursor, keysetAfter } from "../common/cursor";
import { badInput } from "../common/errors";
import { Params } from "../common/sql";
import { readRows } from "../db/read";
import { feedAfter, feedCursor } from "../article/article.service";
import type { Article } from "../article/article.entity";
import { CLUSTER_COLUMNS, toCluster, type ClusterRow } from "./cluster.loader";
import type { Cluster, ClustersArgs } from "./cluster.types";

const clusterCursor = (c: Cluster): string => encodeCursor([c.lastPublishedAt.toISOString(), c.key]);

/** Clusters, the one with the latest story first; keyset-paginated on (latest story, id). */
export async function listClusters(ctx: Context, args: ClustersArgs): Promise<Page<Cluster>> {
  const f = args.filter;
  const build = (p: Params, page: boolean) => {
    const where = [`c.size >= ${p.add(f?.minSize ?? 2, "int")}`];
    if (f?.country) {
      const country = ctx.countries.find(f.country);
      if (!country) throw badInput(`Unknown country "${f.country}"`, { argument: "filter.country" });
      where.push(`EXISTS (SELECT 1 FROM articles a JOIN country_mentions m ON m.article_id = a.id WHERE a.cluster_id = c.id AND m.country_code = ${p.add(country.code)})`);
    }
    if (f?.publishedAfter) where.push(`c.last_published_at > ${p.add(f.publishedAfter.toISOString(), "timestamptz")}`);
    if (f?.publishedBefore) where.push(`c.last_published_at < ${p.add(f.publishedBefore.toISOString(), "timestamptz")}`);
    const after = page ? keysetAfter(args.after, "date", "Cluster") : undefined;
    if (after) where.push(`(c.last_published_at, c.id) < (${p.add(after[0], "timestamptz")}, ${p.add(after[1], "uuid")})`);
    return page
      ? `SELECT ${CLUSTER_COLUMNS} FROM clusters c WHERE ${where.join(" AND ")} ORDER BY c.last_published_at DESC, c.id DESC LIMIT ${p.add(args.first + 1, "int")}`
      : `SELECT count(*)::int AS n FROM clusters c WHERE ${where.join(" AND ")}`;
  };
  const p = new Params();
  const clusters = (await readRows<ClusterRow>(ctx.ds, build(p, true), p.values)).map(toCluster);
  for (const c of clusters) ctx.loaders.cluster.byId.prime(c.key, c);
  return toPage(clusters, args.first, args.after, clusterCursor, async () => {
    const c = new Params();
    const [{ n }] = await readRows<{ n: number }>(ctx.ds, build(c, false), c.values);
    return n;
  });
}

/** A cluster's stories, newest first. */
export async function clusterArticles(ctx: Context, cluster: Cluster, first: number, after?: string | null): Promise<Page<Article>> {
  const rows = await ctx.loaders.cluster.articles.load(cluster.key, { after: feedAfter(after), limit: first + 1 });
  return toPage(rows, first, after, feedCursor, async () => cluster.size);
}
