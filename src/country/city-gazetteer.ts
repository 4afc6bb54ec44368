import { foldText } from "../ingest/normalize";

/** A city of the gazetteer: its ISO alpha-2 country, population and first-level region. */
interface City {
  iso2: string;
  pop: number;
  province: string;
}

let byName: Map<string, City[]> | null = null;
/** Folded first-level region name → the countries that have a region of that name. */
let regions: Map<string, Set<string>> | null = null;

/**
 * About 7,300 cities of the world with their country and population (the city-timezones
 * package, from Natural Earth), loaded on first use: only a dateline that names neither a
 * country nor a capital needs it ("GENEVA (AFP)", "LAGOS, Sept 3 (NAN)").
 */
function cities(): Map<string, City[]> {
  if (byName) return byName;
  byName = new Map();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cityMapping } = require("city-timezones") as {
    cityMapping: { city: string; city_ascii: string; iso2: string; pop: number; province: string }[];
  };
  for (const c of cityMapping) {
    if (!/^[A-Z]{2}$/.test(c.iso2)) continue;
    for (const name of new Set([foldText(c.city), foldText(c.city_ascii)])) {
      const list = byName.get(name) ?? [];
      list.push({ iso2: c.iso2, pop: Number(c.pop) || 0, province: c.province ?? "" });
      byName.set(name, list);
    }
  }
  for (const list of byName.values()) list.sort((a, b) => b.pop - a.pop);
  regions = new Map();
  for (const c of cityMapping) {
    const region = foldText(c.province ?? "");
    if (region && /^[A-Z]{2}$/.test(c.iso2)) regions.set(region, (regions.get(region) ?? new Set()).add(c.iso2));
  }
  return byName;
}

/**
 * The key a city name is looked up under: folded, without spaces and hyphens, and without the
 * Persian linking "e" of a port's or a town's name ("Bandar-e Abbas" and "Bandar Abbas" are one).
 */
const cityKey = (name: string): string => foldText(name).replace(/ e /g, " ").replace(/ /g, "");

let byKey: Map<string, City[]> | null = null;
/** Cities by their loose key: the last resort for a name printed in another transliteration. */
function citiesByKey(): Map<string, City[]> {
  if (byKey) return byKey;
  byKey = new Map();
  for (const [name, list] of cities()) {
    const key = cityKey(name);
    byKey.set(key, [...(byKey.get(key) ?? []), ...list].sort((a, b) => b.pop - a.pop));
  }
  return byKey;
}

/** The country of the most populous city of this name; undefined for a name the gazetteer does not hold. */
export function cityCountry(city: string): string | undefined {
  return (cities().get(foldText(city)) ?? citiesByKey().get(cityKey(city)))?.[0]?.iso2;
}

/**
 * The country of a city of this name in `region` (a state or province: "Atlanta, Georgia" is
 * the US city, not one in the country Georgia); undefined when the gazetteer has none there.
 */
export function cityInRegion(city: string, region: string): string | undefined {
  return cities()
    .get(foldText(city))
    ?.find((c) => c.province && foldText(c.province) === foldText(region))?.iso2;
}

/** True for the name of a state or province of the gazetteer ("New Mexico", "New Jersey", "Georgia"). */
export function isRegionName(name: string): boolean {
  cities();
  return regions!.has(foldText(name));
}

/** The countries with a state or province of this name ("Georgia" → US, "Niger" → NG). */
export function regionCountries(name: string): ReadonlySet<string> {
  cities();
  return regions!.get(foldText(name)) ?? new Set();
}
