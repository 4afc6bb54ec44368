import { findKnownSource, sourceCodeFor } from "../../source/known-sources";

/** What a wire story's dateline says. */
export interface Dateline {
  /** The place as printed, in title case when printed in capitals ("NEW DELHI" → "New Delhi"). */
  place: string;
  /** A region or country printed with the place ("KYIV, Ukraine", "New Delhi [India]"), if any. */
  region: string | null;
  /** The agency as printed ("Reuters", "dpa", "Prensa Latina"), null when none is printed. */
  agency: string | null;
  /** The source code of that agency (a known outlet's code, else derived from the printed form). */
  sourceCode: string | null;
  /** The first paragraph without its dateline. */
  rest: string;
}

/** A place: one to five words, each capitalised or a lower-case particle ("Dar es Salaam", "Rio de Janeiro"). */
const PLACE = /^\p{Lu}[\p{L}\p{M}'’.]*(?:[ -](?:\p{Lu}[\p{L}\p{M}'’.]*|de|del|da|do|des|du|es|el|al|an|der|am|la|le|sur|upon|on)){0,4}$/u;
/** A bracketed region after the place: "New Delhi [India]". */
const BRACKET = /\s*\[([^\]\n]{1,40})\]\s*$/;
/** The agency in brackets or slashes, or printed bare before a dash ("Tehran, IRNA -- "). */
const MARKERS: readonly RegExp[] = [
  /\(([\p{L}][\p{L}\p{N} .&'’-]{0,38}?)\)/u,
  /\/([\p{L}][\p{L}\p{N} .&-]{0,30}?)\//u,
  /,\s*([\p{L}][\p{L}\p{N}-]{1,20}(?: [\p{L}][\p{L}\p{N}-]{1,20}){0,2})(?=\s*(?:--|[-–—]))/u,
];
/** What may separate the dateline from the text: a dash, a colon, a full stop, or ".-". */
const SEPARATOR = /^\s*(?:\.\s*(?:--|[-–—])|--|[-–—:]|\.)?\s*/;
/** A dateline printed without an agency: a place in capitals and a dash ("WASHINGTON — "). */
const NO_AGENCY = /^(\p{Lu}[\p{Lu}\p{M}'’. -]{1,38}\p{Lu})((?:,\s*[^,\n—–]{1,30}){0,3}?)\s+(?:—|--|–)\s+/u;
/** Words a dateline never starts with, even in capitals. */
const NOT_A_PLACE = /^(?:The|A|An|In|On|At|By|For|From|With|As|After|Before|Speaking|According|Officials|Update|Breaking|Exclusive)\b/;
/** Agencies in brackets that are no agency: photo credits, abbreviations of a name in the lead. */
const NOT_AN_AGENCY = /\b(?:photo|photos|file|video|updated?)\b/i;
/** How far into the first paragraph a dateline may reach. */
const MAX_DATELINE = 140;

/** "TEHRAN" reads "Tehran"; mixed case stays as printed. */
export const cityCase = (city: string): string =>
  city === city.toUpperCase()
    ? city.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
    : city;

/** The place, its bracketed or comma-separated region, and its date parts, from the text before the agency. */
function readHead(head: string): { place: string; region: string | null } | null {
  const parts = head
    .replace(/[,\s]+$/, "")
    .split(",")
    .map((p) => p.trim());
  let place = parts[0];
  let region: string | null = null;
  const bracket = BRACKET.exec(place);
  if (bracket) {
    region = bracket[1].trim();
    place = place.slice(0, bracket.index).trim();
  }
  if (!PLACE.test(place) || (NOT_A_PLACE.test(place) && place !== place.toUpperCase())) return null;
  for (const part of parts.slice(1)) {
    // A date part has a digit ("Oct 8", "3rd March", "Rajab 15", "January 20/2025"); else it is a region.
    if (/\d/.test(part)) {
      if (part.split(/\s+/).length > 4) return null;
    } else if (PLACE.test(part.replace(/\.$/, "")) && part.split(/\s+/).length <= 4) region ??= part.replace(/\.$/, "");
    else return null;
  }
  return { place, region };
}

/** The earliest agency marker in the first characters of the lead. */
function findMarker(lead: string): { index: number; end: number; agency: string } | null {
  let best: { index: number; end: number; agency: string } | null = null;
  for (const rule of MARKERS) {
    const m = rule.exec(lead.slice(0, MAX_DATELINE));
    if (!m || (best && m.index >= best.index)) continue;
    const agency = m[1].trim();
    if (NOT_AN_AGENCY.test(agency) || agency.split(/\s+/).length > 4) continue;
    // A bare agency must be a known outlet or an acronym: "…, 2025, SPA -- ", never "…, said -".
    if (rule === MARKERS[2] && !findKnownSource(agency) && !/^[\p{Lu}\p{N}-]{2,12}$/u.test(agency)) continue;
    best = { index: m.index, end: m.index + m[0].length, agency };
  }
  return best;
}

/**
 * Reads the dateline at the start of a wire story's first paragraph: `Tehran (IP)- `,
 * `WASHINGTON, Oct 8 (Reuters) - `, `KYIV, Ukraine (AP) — `, `MOSCOW, March 4. /TASS/. `,
 * `Tehran, IRNA -- `, `Riyadh, Rajab 15, 1446, January 15, 2025, SPA -- `,
 * `New Delhi [India], March 12 (ANI): `, `Bogotá, Mar 12 (EFE).- `, `NEW DELHI (PTI) `, or a
 * place in capitals with a dash and no agency (`WASHINGTON — `). Null when the paragraph does
 * not start with one. A bracketed word with no separator after it counts only when it names a
 * known agency or the place is printed in capitals, so "The Agency (TA) said" is no dateline.
 */
export function readDateline(lead: string): Dateline | null {
  const marker = findMarker(lead);
  if (marker) {
    const head = readHead(lead.slice(0, marker.index));
    const separator = SEPARATOR.exec(lead.slice(marker.end))![0];
    if (head) {
      const known = findKnownSource(marker.agency);
      const capitals = head.place === head.place.toUpperCase();
      if (known || capitals || separator.trim()) {
        return {
          place: cityCase(head.place),
          region: head.region,
          agency: marker.agency,
          sourceCode: sourceCodeFor(marker.agency),
          rest: lead.slice(marker.end + separator.length),
        };
      }
    }
  }
  const bare = NO_AGENCY.exec(lead);
  if (bare && !NOT_A_PLACE.test(bare[1])) {
    const head = readHead(bare[1] + bare[2]);
    if (head) return { place: cityCase(head.place), region: head.region, agency: null, sourceCode: null, rest: lead.slice(bare[0].length) };
  }
  return null;
}
