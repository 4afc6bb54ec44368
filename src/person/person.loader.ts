import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { countLoader, keyedLoader, LoaderFamily } from "../common/batch";
import { hydrate, selectList } from "../db/hydrate";
import { Person } from "./person.entity";
import { readRows } from "../db/read";
import { timelineLoader } from "../common/timeline";

/** Page of a country's people, ordered by name. */
export interface PeoplePageArgs {
  after?: [string, string];
  limit: number;
}

export function createPersonLoaders(ds: DataSource) {
  const repo = ds.getRepository(Person);
  const byId = keyedLoader<string, Person>((ids) => repo.findBy({ id: In([...ids]) }), (p) => p.id);
  return {
    byId,
    bySlug: keyedLoader<string, Person>((slugs) => repo.findBy({ slug: In([...slugs]) }), (p) => p.slug),
    byCountry: new LoaderFamily<string, Person[], PeoplePageArgs>(
      (args) =>
        new DataLoader(async (codes) => {
          const rows: Record<string, unknown>[] = await readRows(ds, 
            `SELECT k.code AS parent_key, p.* FROM unnest($1::text[]) AS k(code) CROSS JOIN LATERAL (
               SELECT ${selectList(ds, Person, "x")} FROM people x
               WHERE x.country_code = k.code ${args.after ? "AND (x.name, x.id) > ($3::text, $4::uuid)" : ""}
               ORDER BY x.name, x.id LIMIT $2::int) p`,
            args.after ? [[...codes], args.limit, ...args.after] : [[...codes], args.limit],
          );
          const groups = new Map<string, Person[]>(codes.map((c) => [c, []]));
          for (const row of rows) {
            const person = hydrate(ds, Person, row);
            byId.prime(person.id, person);
            groups.get(String(row.parent_key))?.push(person);
          }
          return codes.map((c) => groups.get(c) ?? []);
        }),
    ),
    /** Stories mentioning each person per period (Person.timeline). */
    timeline: timelineLoader(ds, { table: "person_mentions", key: "person_id", at: "published_at" }),
    countByCountry: countLoader<string>((codes) =>
      readRows(ds, `SELECT country_code AS key, count(*)::int AS n FROM people WHERE country_code = ANY($1::text[]) GROUP BY country_code`, [[...codes]]),
    ),
  };
}
