import type { DataSource } from "typeorm";
import { countLoader } from "../common/batch";
import { readRows } from "../db/read";

export function createCountryLoaders(ds: DataSource) {
  return {
    mentionCount: countLoader<string>((codes) =>
      readRows(ds, `SELECT country_code AS key, count(*)::int AS n FROM country_mentions WHERE country_code = ANY($1::text[]) GROUP BY country_code`, [[...codes]]),
    ),
  };
}
