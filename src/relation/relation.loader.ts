import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { groupedLoader, keyedLoader, LoaderFamily } from "../common/batch";
import { hydrate, selectList } from "../db/hydrate";
import type { Article } from "../article/article.entity";
import { articleColumns, sourceJoin } from "../article/article-rows";
import { Relation } from "./relation.entity";
import type { RelationKind } from "./relation-kind";
import { readRows } from "../db/read";
import { timelineLoader } from "../common/timeline";
import { RelationOrder } from "./relation-kind";

/** Relations of a country, optionally only with one other country and of some kinds. */
export interface CountryRelationArgs {
  with?: string;
  kinds?: RelationKind[];
  orderBy?: RelationOrder;
}

/** ORDER BY of each RelationOrder. */
const RELATION_ORDER: Record<RelationOrder, string> = {
  [RelationOrder.WEIGHT]: "r.weight DESC, r.last_seen_at DESC, r.id",
  [RelationOrder.RECENT]: "r.changed_at DESC, r.weight DESC, r.id",
};

/** Most relations a country's `relations` list returns (strongest first). */
export const COUNTRY_RELATIONS_LIMIT = 200;

export function createRelationLoaders(ds: DataSource, groupArticles: (keys: readonly string[], rows: Record<string, unknown>[]) => Article[][]) {
  const repo = ds.getRepository(Relation);
  return {
    byId: keyedLoader<string, Relation>((ids) => repo.findBy({ id: In([...ids]) }), (r) => r.id),
    /** ROLE relations of each person. */
    byPerson: groupedLoader<string, Relation>(
      (ids) => repo.find({ where: { subjectPersonId: In([...ids]) }, order: { weight: "DESC", id: "ASC" } }),
      (r) => r.subjectPersonId!,
    ),
    byCountry: new LoaderFamily<string, Relation[], CountryRelationArgs>(
      (args) =>
        new DataLoader(async (codes) => {
          const values: unknown[] = [[...codes], COUNTRY_RELATIONS_LIMIT];
          const conditions: string[] = [];
          if (args.with) {
            values.push(args.with);
            conditions.push(`(r.subject_country_code = $${values.length} OR r.object_country_code = $${values.length})`);
          }
          if (args.kinds?.length) {
            values.push(args.kinds);
            conditions.push(`r.kind = ANY($${values.length}::relation_kind[])`);
          }
          const rows: Record<string, unknown>[] = await readRows(ds, 
            `SELECT k.code AS parent_key, x.* FROM unnest($1::text[]) AS k(code) CROSS JOIN LATERAL (
               SELECT ${selectList(ds, Relation, "r")} FROM relations r
               WHERE (r.subject_country_code = k.code OR r.object_country_code = k.code)
                 ${conditions.map((c) => "AND " + c).join(" ")}
               ORDER BY ${RELATION_ORDER[args.orderBy ?? RelationOrder.WEIGHT]} LIMIT $2::int) x`,
            values,
          );
          const groups = new Map<string, Relation[]>(codes.map((c) => [c, []]));
          for (const row of rows) groups.get(String(row.parent_key))?.push(hydrate(ds, Relation, row));
          return codes.map((c) => groups.get(c) ?? []);
        }),
    ),
    /** Evidence per period (Relation.timeline). */
    timeline: timelineLoader(ds, { table: "relation_evidence", key: "relation_id", at: "seen_at" }),
    /** A page of the articles asserting each relation, newest first. */
    evidence: new LoaderFamily<string, Article[], { after?: [string, string]; limit: number }>(
      (args) =>
        new DataLoader(async (ids) => {
          const rows: Record<string, unknown>[] = await readRows(ds, 
            `SELECT k.id::text AS parent_key, x.* FROM unnest($1::uuid[]) AS k(id) CROSS JOIN LATERAL (
               SELECT ${articleColumns(ds, "a")} FROM relation_evidence e JOIN articles a ON a.id = e.article_id ${sourceJoin("a")}
               WHERE e.relation_id = k.id ${args.after ? "AND (a.published_at, a.id) < ($3::timestamptz, $4::uuid)" : ""}
               ORDER BY a.published_at DESC, a.id DESC LIMIT $2::int) x`,
            args.after ? [[...ids], args.limit, ...args.after] : [[...ids], args.limit],
          );
          return groupArticles(ids, rows);
        }),
    ),
  };
}
