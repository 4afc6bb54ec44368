import type { DataSource } from "typeorm";
import { countLoader } from "../common/batch";

export function createCountryLoaders(ds: DataSource) {
  return {
    mentionCount: countLoader<string>((codes) =>
      ds.query(`SELECT country_code AS key, count(*)::int AS n FROM country_mentions WHERE country_code = ANY($1::text[]) GROUP BY country_code`, [[...codes]]),
    ),
  };
}
