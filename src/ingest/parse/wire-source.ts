import { KNOWN_SOURCES, SOURCE_DIRECTORY } from "../../source/known-sources";

/** What stripSourcePrefix found: the paragraph without its prefix and the outlet it names. */
export interface SourcePrefix {
  rest: string;
  sourceName: string | null;
  warning: string | null;
}

/** Up to eight words, then ` News:` and any white space (the scraper leaves a no-break space). */
const PREFIX = /^(\p{Lu}(?:[\p{L}\p{N}&.'’-]* ){0,7}?[\p{L}\p{N}&.'’-]*?) ?News:([ \t\u00a0]*)/u;
/** A section title: one or two capitalised words ("Iran", "World", "US", "Middle East"). */
const SECTION = /^\p{Lu}[\p{L}\p{N}]*(?: \p{Lu}[\p{L}\p{N}]*)?$/u;

/** Splits "Iran PressIran" into outlet "Iran Press" and section "Iran" at the last glue point
 * (a lower-case letter before a capital, or "BBCWorld"-style capitals); null when none fits. */
function splitGlued(prefix: string): { name: string; section: string } | null {
  for (let i = prefix.length - 1; i > 0; i--) {
    const glued = /\p{Ll}\p{Lu}/u.test(prefix.slice(i - 1, i + 1)) || /^\p{Lu}\p{Lu}\p{Ll}/u.test(prefix.slice(i - 1, i + 2));
    if (!glued) continue;
    const name = prefix.slice(0, i).trim();
    const section = prefix.slice(i);
    if (name && SECTION.test(section)) return { name, section };
  }
  return null;
}

/** A section title glued to the outlet, then a colon: "Politics:", "Iran News:", "Latin America News:". */
const GLUED_SECTION = /^\p{Lu}[\p{L}\p{N}]*(?: \p{Lu}[\p{L}\p{N}]*){0,3}:[ \t\u00a0]*/u;

/** "IRNAPolitics: …", "Prensa LatinaCuba News: …": the dateline's outlet (name or code) glued to a section. */
function gluedToKnownSource(raw: string, code: string | null): SourcePrefix | null {
  const known = code ? SOURCE_DIRECTORY.find((s) => s.code === code) : undefined;
  if (!known) return null;
  for (const form of [known.name, known.code, ...(known.printed ?? [])]) {
    if (!raw.startsWith(form)) continue;
    const section = GLUED_SECTION.exec(raw.slice(form.length));
    if (section) return { rest: raw.slice(form.length + section[0].length), sourceName: known.name, warning: null };
  }
  return null;
}

/**
 * Removes the `<Source name><Section> News:` artifact that scraped wire pages glue to the
 * second paragraph ("Iran PressIran News:\u00a0Speaking on Saturday…"). `raw` is the
 * paragraph before white space folding. The outlet name is the part before the glued section
 * title, confirmed by KNOWN_SOURCES when the dateline code is known. Null when there is no
 * such prefix.
 */
export function stripSourcePrefix(raw: string, code: string | null): SourcePrefix | null {
  const toKnown = gluedToKnownSource(raw, code);
  if (toKnown) return toKnown;
  const m = PREFIX.exec(raw);
  if (!m) return null;
  const prefix = m[1].trim();
  const rest = raw.slice(m[0].length);
  const known = code ? KNOWN_SOURCES[code] : undefined;
  if (known && (prefix === known || (prefix.startsWith(known) && SECTION.test(prefix.slice(known.length).trim())))) {
    return { rest, sourceName: known, warning: null };
  }
  const glued = splitGlued(prefix);
  if (glued) {
    const warning =
      known && glued.name !== known ? `source name "${glued.name}" in the text differs from "${known}" known for ${code}` : null;
    return { rest, sourceName: glued.name, warning };
  }
  // Nothing glued: strip only what the scraper leaves (a no-break space after "News:").
  return m[2].includes("\u00a0") ? { rest, sourceName: null, warning: null } : null;
}
