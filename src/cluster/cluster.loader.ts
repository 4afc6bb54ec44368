import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { keyedLoader, LoaderFamily } from "../common/batch";
import { readRows } from "../db/read";
import type { Article } from "../article/article.entity";
import { articleColumns, sourceJoin } from "../article/article-rows";
import { Cluster } from "./cluster.types";

/** A cluster row as selected by CLUSTER_COLUMNS. */
export interface ClusterRow {
  id: string;
  size: number;
  first_published_at: Date;
  last_published_at: Date;
}
export const CLUSTER_COLUMNS = "c.id, c.size, c.first_published_at, c.last_published_at";
export const toCluster = (r: ClusterRow): Cluster =>
  Object.assign(new Cluster(), { key: r.id, size: r.size, firstPublishedAt: r.first_published_at, lastPublishedAt: r.last_published_at });

export function createClusterLoaders(ds: DataSource, groupArticles: (keys: readonly string[], rows: Record<string, unknown>[]) => Article[][]) {
  return {
    byId: keyedLoader<string, Cluster>(
      async (ids) => (await readRows<ClusterRow>(ds, `SELECT ${CLUSTER_COLUMNS} FROM clusters c WHERE c.id = ANY($1::uuid[])`, [[...ids]])).map(toCluster),
      (c) => c.key,
    ),
    /** A page of each cluster's stories, newest first. */
    articles: new LoaderFamily<string, Article[], { after?: [string, string]; limit: number }>(
      (args) =>
        new DataLoader(async (ids) => {
          const rows: Record<string, unknown>[] = await readRows(
            ds,
            `SELECT k.id::text AS parent_key, x.* FROM unnest($1::uuid[]) AS k(id) CROSS JOIN LATERAL (
               SELECT ${articleColumns(ds, "a")} FROM articles a ${sourceJoin("a")}
               WHERE a.cluster_id = k.id ${args.after ? "AND (a.published_at, a.id) < ($3::timestamptz, $4::uuid)" : ""}
               ORDER BY a.published_at DESC, a.id DESC LIMIT $2::int) x`,
            args.after ? [[...ids], args.limit, ...args.after] : [[...ids], args.limit],
          );
          return groupArticles(ids, rows);
        }),
    ),
  };
}
