import type { DataSource } from "typeorm";
import { syncCountries } from "../country/country-directory";

/** Runs pending migrations, then brings the country table in line with the dataset package. */
export async function migrate(ds: DataSource): Promise<{ applied: string[]; countries: number }> {
  const applied = await ds.runMigrations({ transaction: "each" });
  const countries = await syncCountries(ds.manager);
  return { applied: applied.map((m) => m.name), countries };
}
