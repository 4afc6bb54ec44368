import type { ExpectedStory } from "./expected";
import type { StoredStory } from "./stored";

/** True/false positives and negatives of one set comparison. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Right answers out of the cases that were checked. */
export interface Tally {
  right: number;
  total: number;
}

/** How one story scored: counts per measure and a readable line per miss. */
export interface StoryScore {
  name: string;
  /** Why ingest refused the story, when it did (everything expected then counts as missed). */
  error?: string;
  people: Counts;
  roles: Tally;
  personCountries: Tally;
  countries: Counts;
  relations: Counts;
  related: Tally;
  paragraphs: Tally;
  datelines: Tally;
  datelineCountries: Tally;
  bodies: Tally;
  sources: Tally;
  quotes: Tally;
  notPeople: number;
  misses: string[];
}

/** NFC, no-break spaces as spaces, white space folded: how names and paragraph starts compare. */
export const fold = (s: string): string => s.normalize("NFC").replace(/\s+/gu, " ").trim();
const key = (s: string): string => fold(s).toLowerCase();
const same = (a: string | null | undefined, b: string | null | undefined): boolean => key(a ?? "") === key(b ?? "");

/** Set comparison on keys; what is missing and what is extra go into the miss lines. */
function compareSets(label: string, want: string[], got: string[], misses: string[]): Counts {
  const wanted = new Set(want);
  const found = new Set(got);
  const missing = [...wanted].filter((x) => !found.has(x));
  const extra = [...found].filter((x) => !wanted.has(x));
  if (missing.length || extra.length) misses.push(`${label}: ${[...missing.map((x) => `-${x}`), ...extra.map((x) => `+${x}`)].join(" ")}`);
  return { tp: wanted.size - missing.length, fp: extra.length, fn: missing.length };
}

const tally = (ok: boolean): Tally => ({ right: ok ? 1 : 0, total: 1 });
const NONE: Tally = { right: 0, total: 0 };

/** An empty score for a story ingest refused: every expected item counts as missed. */
export function failedScore(expected: ExpectedStory, error: string): StoryScore {
  const missed = (n: number | undefined): Counts => ({ tp: 0, fp: 0, fn: n ?? 0 });
  const checked = (v: unknown): Tally => (v === undefined ? NONE : { right: 0, total: 1 });
  return {
    name: expected.name,
    error,
    people: missed(expected.people?.length),
    roles: { right: 0, total: expected.people?.filter((p) => p.role).length ?? 0 },
    personCountries: { right: 0, total: expected.people?.filter((p) => p.country).length ?? 0 },
    countries: missed(expected.countries?.length),
    relations: missed(expected.relations?.length),
    related: checked(expected.related),
    paragraphs: checked(expected.paragraphCount),
    datelines: checked(expected.dateline),
    datelineCountries: checked(expected.datelineCountry),
    bodies: checked(expected.firstParagraphStartsWith ?? expected.bodyMustNotContain),
    sources: checked(expected.source),
    quotes: checked(expected.quotesAtLeast ?? expected.quoteSpeakers),
    notPeople: 0,
    misses: [`ingest failed: ${error}`],
  };
}

/** Role (or country) of matched people: checked where either side has one; absent must stay absent. */
function comparePeopleFacts(expected: ExpectedStory, stored: StoredStory, misses: string[]): { roles: Tally; personCountries: Tally } {
  const roles = { right: 0, total: 0 };
  const personCountries = { right: 0, total: 0 };
  for (const want of expected.people ?? []) {
    const got = stored.people.find((p) => same(p.name, want.name));
    if (!got) continue;
    if (want.role || got.role) {
      roles.total++;
      if (same(want.role, got.role)) roles.right++;
      else misses.push(`role of ${want.name}: want ${JSON.stringify(want.role ?? null)}, got ${JSON.stringify(got.role)}`);
    }
    if (want.country || got.country) {
      personCountries.total++;
      if ((want.country ?? null) === got.country) personCountries.right++;
      else misses.push(`country of ${want.name}: want ${want.country ?? null}, got ${got.country}`);
    }
  }
  return { roles, personCountries };
}

/** The clean-body checks: paragraph starts and strings that must be gone. */
function bodyIsClean(expected: ExpectedStory, body: string[], misses: string[]): boolean {
  const paragraphs = body.map(fold);
  const starts: [string | undefined, string | undefined, string][] = [
    [expected.firstParagraphStartsWith, paragraphs[0], "first"],
    [expected.secondParagraphStartsWith, paragraphs[1], "second"],
    [expected.lastParagraphStartsWith, paragraphs.at(-1), "last"],
  ];
  let clean = true;
  for (const [want, got, which] of starts) {
    if (want === undefined || got?.startsWith(fold(want))) continue;
    clean = false;
    misses.push(`${which} paragraph starts ${JSON.stringify((got ?? "").slice(0, 60))}, want ${JSON.stringify(fold(want).slice(0, 60))}`);
  }
  const joined = body.join("\n");
  for (const s of expected.bodyMustNotContain ?? []) {
    if (!joined.includes(s) && !fold(joined).includes(fold(s) || "\u0000")) continue;
    clean = false;
    misses.push(`body still contains ${JSON.stringify(s)}`);
  }
  return clean;
}

const pair = (kind: string, a: string, b: string): string => `${kind} ${[a, b].sort().join("-")}`;

/** Compares what ingest stored for a story with what its annotation expects. */
export function compareStory(expected: ExpectedStory, stored: StoredStory): StoryScore {
  const misses: string[] = [];
  const check = (label: string, want: unknown, got: unknown, ok = JSON.stringify(want) === JSON.stringify(got)): Tally => {
    if (want === undefined) return NONE;
    if (!ok) misses.push(`${label}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    return tally(ok);
  };
  const people = compareSets(
    "people",
    (expected.people ?? []).map((p) => fold(p.name)),
    stored.people.map((p) => {
      const match = expected.people?.find((w) => same(w.name, p.name));
      return match ? fold(match.name) : fold(p.name);
    }),
    misses,
  );
  const notPeople = (expected.notPeople ?? []).filter((phrase) => stored.people.some((p) => key(p.name).includes(key(phrase))));
  if (notPeople.length) misses.push(`notPeople taken as people: ${notPeople.join(", ")}`);
  const related = (expected.related ?? []).map((r) => ({ kind: r.kind, title: fold(r.title) }));
  const quoteSpeakers = new Set(stored.quotes.map((q) => q.speaker && key(q.speaker)));
  const quotesOk =
    stored.quotes.length >= (expected.quotesAtLeast ?? 0) && (expected.quoteSpeakers ?? []).every((s) => quoteSpeakers.has(key(s)));
  return {
    name: expected.name,
    people,
    ...comparePeopleFacts(expected, stored, misses),
    countries: expected.countries ? compareSets("countries", expected.countries, stored.countries, misses) : { tp: 0, fp: 0, fn: 0 },
    relations: expected.relations
      ? compareSets(
          "relations",
          expected.relations.map((r) => pair(r.kind, ...r.between)),
          stored.relations.map((r) => pair(r.kind, r.a, r.b)),
          misses,
        )
      : { tp: 0, fp: 0, fn: 0 },
    related: check(
      "related",
      expected.related && related,
      stored.related.map((r) => ({ kind: r.kind, title: fold(r.title) })),
    ),
    paragraphs: check("paragraphs", expected.paragraphCount, stored.body.length),
    datelines: check("dateline", expected.dateline && fold(expected.dateline), stored.dateline && fold(stored.dateline)),
    datelineCountries: check("dateline country", expected.datelineCountry, stored.datelineCountry),
    bodies:
      expected.firstParagraphStartsWith !== undefined || expected.bodyMustNotContain
        ? tally(bodyIsClean(expected, stored.body, misses))
        : NONE,
    sources: check("source", expected.source, stored.source),
    quotes:
      expected.quotesAtLeast !== undefined || expected.quoteSpeakers
        ? check(
            "quotes",
            `${expected.quotesAtLeast ?? 0}+ by ${expected.quoteSpeakers ?? []}`,
            `${stored.quotes.length} by ${[...quoteSpeakers]}`,
            quotesOk,
          )
        : NONE,
    notPeople: notPeople.length,
    misses,
  };
}
