import { cityCountry, cityInRegion } from "../../country/city-gazetteer";
import type { CountryDirectory } from "../../country/country-directory";
import type { CountryMatcher } from "./country-matcher";

/**
 * The country of a dateline: the region printed with the place when it is a country ("KYIV,
 * Ukraine", "New Delhi [India]") and not a state of a namesake city ("ATLANTA, Georgia"), else
 * a country or capital the place names ("Tehran", "Kuwait City", "Washington"), else the
 * gazetteer's most populous city of that name ("Geneva", "Lagos", "Santiago").
 */
export function datelineCountry(
  place: string,
  region: string | null | undefined,
  tools: { countries: CountryDirectory; matcher: CountryMatcher },
): string | null {
  if (region) {
    const state = cityInRegion(place, region);
    if (state) return state;
    const named = tools.countries.find(region)?.code ?? tools.matcher.scan(region)[0]?.code;
    if (named) return named;
  }
  return tools.matcher.scan(place)[0]?.code ?? tools.countries.find(place)?.code ?? cityCountry(place) ?? null;
}
