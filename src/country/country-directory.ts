import type { DataSource, EntityManager } from "typeorm";
import { Country } from "./country.entity";
import { countryRecords } from "./country-data";

/**
 * The ISO country table, held in memory: it is small reference data that changes only with
 * the dataset package, so resolving a code or name costs no SQL statement.
 */
export class CountryDirectory {
  private readonly byCode = new Map<string, Country>();
  private readonly byName = new Map<string, Country>();
  readonly all: readonly Country[];

  constructor(countries: Country[]) {
    this.all = [...countries].sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
    for (const c of countries) {
      this.byCode.set(c.code, c);
      this.byCode.set(c.alpha3, c);
      for (const name of [c.name, c.officialName, ...c.aliases]) {
        if (name) this.byName.set(name.toLowerCase(), c);
      }
    }
  }

  /** Loads the table from the database. */
  static async load(ds: DataSource): Promise<CountryDirectory> {
    return new CountryDirectory(await ds.getRepository(Country).find());
  }

  /** A country by alpha-2, alpha-3 or English name (common, official or alias), any case. */
  find(identifier: string): Country | undefined {
    const text = identifier.trim();
    if (/^[A-Za-z]{2,3}$/.test(text)) {
      const byCode = this.byCode.get(text.toUpperCase());
      if (byCode) return byCode;
    }
    return this.byName.get(text.toLowerCase().replace(/^the\s+/, ""));
  }

  /** By alpha-2 code exactly as stored. */
  get(code: string): Country | undefined {
    return this.byCode.get(code);
  }
}

/** Writes the countries of the dataset package that are missing or changed, in one statement (a start on an up-to-date table writes nothing). */
export async function syncCountries(manager: EntityManager): Promise<number> {
  const rows = countryRecords();
  await manager.query(
    `INSERT INTO countries (code, alpha3, name, official_name, capital, demonym, aliases)
     SELECT code, alpha3, name, official_name, capital, demonym,
            CASE WHEN aliases = '' THEN '{}'::text[] ELSE string_to_array(aliases, E'\\x1f') END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS t(code, alpha3, name, official_name, capital, demonym, aliases)
     ON CONFLICT (code) DO UPDATE SET alpha3 = excluded.alpha3, name = excluded.name,
       official_name = excluded.official_name, capital = excluded.capital,
       demonym = excluded.demonym, aliases = excluded.aliases
     WHERE (countries.alpha3, countries.name, countries.official_name, countries.capital, countries.demonym, countries.aliases)
       IS DISTINCT FROM (excluded.alpha3, excluded.name, excluded.official_name, excluded.capital, excluded.demonym, excluded.aliases)`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.alpha3),
      rows.map((r) => r.name),
      rows.map((r) => r.officialName),
      rows.map((r) => r.capital),
      rows.map((r) => r.demonym),
      rows.map((r) => r.aliases.join("\x1f")),
    ],
  );
  return rows.length;
}
