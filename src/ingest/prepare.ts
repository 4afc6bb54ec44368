import { badInput } from "../common/errors";
import { keyOf } from "../common/global-id";
import type { CountryDirectory } from "../country/country-directory";
import { isArticleLinkKind, isCountryLinkKind, RelationKind } from "../relation/relation-kind";
import type { CountryMatcher } from "./extract/country-matcher";
import { findPersonMentions, summarizeCountries, type MentionSummary } from "./extract/mentions";
import { findQuotes } from "./extract/quotes";
import { extractPeople } from "./extract/people";
import { extractCountryRelations } from "./extract/relations";
import { datelineCountry } from "./extract/dateline-country";
import { cleanText, contentHash, normalizeHeadline, personNameKey, slugify } from "./normalize";
import type { StoryInput } from "./story";

/** A story checked and analysed, ready for one transaction to write. Pure data. */
export interface PreparedStory {
  id?: string;
  slug: string;
  source: { code: string; name: string | null };
  headline: string;
  headlineNorm: string;
  summary: string | null;
  body: string[];
  dateline: string | null;
  datelineCountry: string | null;
  publishedAt: Date;
  publishedAtGuessed: boolean;
  language: string;
  url: string | null;
  tags: string[];
  contentHash: string;
  people: (MentionSummary<string> & { name: string; role: string | null; country: string | null; aliases: string[] })[];
  countries: MentionSummary<string>[];
  quotes: { text: string; offset: number; speaker: number | null }[];
  countryRelations: { kind: RelationKind; a: string; b: string; sentence: string | null; offset: number | null }[];
  links: { kind: RelationKind; ref: string; title: string | null; position: number }[];
  warnings: string[];
}

/** Everything prepareStory needs besides the story. */
export interface PrepareTools {
  countries: CountryDirectory;
  matcher: CountryMatcher;
  maxStoryBytes: number;
}

/** Paragraphs joined as offsets count them. */
export const storyText = (body: readonly string[]): string => body.join("\n\n");

function country(tools: PrepareTools, name: string, field: string): string {
  const found = tools.countries.find(name);
  if (!found) throw badInput(`${field}: unknown country "${name}"`, { field });
  return found.code;
}

/**
 * Checks a story against the domain rules (size, known countries, consistent links) and works
 * out what to store: mentions with counts and offsets, quotes, relations and printed links.
 * Throws BAD_USER_INPUT, changing nothing, when the story cannot be taken.
 */
export function prepareStory(input: StoryInput, tools: PrepareTools): PreparedStory {
  const warnings: string[] = [...(input.warnings ?? [])];
  const body = input.body.map(cleanText).filter((p) => p.length > 0);
  const headline = cleanText(input.headline ?? "");
  if (!headline) throw badInput("headline must not be empty", { field: "headline" });
  if (body.length === 0) throw badInput("body needs at least one non-empty paragraph", { field: "body" });
  const text = storyText(body);
  const size = Buffer.byteLength(text, "utf8") + Buffer.byteLength(headline) + Buffer.byteLength(input.summary ?? "");
  if (size > tools.maxStoryBytes) throw badInput(`story is ${size} bytes; the limit is ${tools.maxStoryBytes}`, { field: "body" });
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text + headline)) throw badInput("story text contains control characters (binary data?)", { field: "body" });
  if (!(input.publishedAt instanceof Date) || Number.isNaN(input.publishedAt.getTime())) {
    throw badInput("publishedAt must be a date-time", { field: "publishedAt" });
  }
  let id: string | undefined;
  if (input.id) {
    const key = keyOf("Article", input.id);
    if (!key) throw badInput("id must be a UUID or an Article id", { field: "id" });
    id = key;
  }

  const dateline = input.dateline ? cleanText(input.dateline) : null;
  const datelineCountryCode = dateline ? datelineCountry(dateline, input.datelineRegion, tools) : null;
  const countries = prepareCountries(input, headline, text, datelineCountryCode, tools);
  const people = preparePeople(input, text, { ...tools, datelineCountry: datelineCountryCode }, warnings);
  const quotes = findQuotes(text, people.map((p) => speakerForms(p, tools)));
  const countryRelations: PreparedStory["countryRelations"] =
    input.relations == null
      ? extractCountryRelations(text, tools.matcher, { setIn: datelineCountryCode }).map((r) => ({ kind: r.kind, a: r.a, b: r.b, sentence: r.sentence, offset: r.offset }))
      : givenRelations(input.relations, tools);
  const links = prepareLinks(input, id);

  return {
    id,
    slug: input.slug ?? slugify(headline),
    source: { code: input.source.code.toUpperCase(), name: input.source.name ? cleanText(input.source.name) : null },
    headline,
    headlineNorm: normalizeHeadline(headline),
    summary: input.summary ? cleanText(input.summary) : null,
    body,
    dateline,
    datelineCountry: datelineCountryCode,
    publishedAt: input.publishedAt,
    publishedAtGuessed: Boolean(input.publishedAtGuessed),
    language: input.language ?? "en",
    url: input.url ?? null,
    tags: [...new Set((input.tags ?? []).map(cleanText).filter(Boolean))],
    contentHash: contentHash(headline, body),
    people,
    countries,
    quotes,
    countryRelations,
    links,
    warnings,
  };
}

/** Country relations the input names, checked and put in canonical order. */
function givenRelations(relations: NonNullable<StoryInput["relations"]>, tools: PrepareTools): PreparedStory["countryRelations"] {
  const seen = new Set<string>();
  return relations.flatMap((r, i) => {
    if (!isCountryLinkKind(r.kind)) throw badInput(`relations[${i}].kind must be a country relation kind, not ${r.kind}`, { field: `relations[${i}]` });
    const from = country(tools, r.from, `relations[${i}].from`);
    const to = country(tools, r.to, `relations[${i}].to`);
    if (from === to) throw badInput(`relations[${i}] relates ${from} to itself`, { field: `relations[${i}]` });
    const [a, b] = from < to ? [from, to] : [to, from];
    if (seen.has(`${r.kind}|${a}|${b}`)) return [];
    seen.add(`${r.kind}|${a}|${b}`);
    return [{ kind: r.kind, a, b, sentence: null, offset: null }];
  });
}

/**
 * Countries as given (in that order), else those the story's own text names: the body in order
 * of first mention, then the headline and the dateline when they name one the body does not.
 * A country named only inside a printed link title belongs to the linked story, not to this one
 * (SPEC §3). Counts and offsets are of the body; a headline- or dateline-only country gets offset 0.
 */
function prepareCountries(
  input: StoryInput,
  headline: string,
  text: string,
  datelineCountryCode: string | null,
  tools: PrepareTools,
): PreparedStory["countries"] {
  const bodyHits = tools.matcher.scan(text, { setIn: datelineCountryCode });
  const dateline = datelineCountryCode ? [{ code: datelineCountryCode, offset: 0, surface: input.dateline ?? datelineCountryCode }] : [];
  const outside = [...tools.matcher.scan(headline, { setIn: datelineCountryCode }), ...dateline];
  const bodyCodes = new Set(bodyHits.map((h) => h.code));
  const hits = [...bodyHits, ...outside.filter((h) => !bodyCodes.has(h.code)).map((h) => ({ ...h, offset: 0 }))];
  const given = input.countries?.map((c, i) => country(tools, c, `countries[${i}]`));
  return summarizeCountries(hits, given ? [...new Set(given)] : undefined);
}

/**
 * People as given, with their mentions counted in the body (full name, then surname); when the
 * input names none, extracted from the text. In order of first mention.
 */
function preparePeople(
  input: StoryInput,
  text: string,
  tools: PrepareTools & { datelineCountry: string | null },
  warnings: string[],
): PreparedStory["people"] {
  const seen = new Set<string>();
  const people: PreparedStory["people"] = [];
  if (input.people == null) {
    for (const p of extractPeople(text, tools)) {
      const key = `${personNameKey(p.name)}|${p.country ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      people.push({ ...p, key: personNameKey(p.name), position: 0 });
    }
  }
  for (const [i, p] of (input.people ?? []).entries()) {
    const name = cleanText(p.name);
    const code = p.country ? country(tools, p.country, `people[${i}].country`) : null;
    const key = `${personNameKey(name)}|${code ?? ""}`;
    if (!name || seen.has(key)) continue;
    seen.add(key);
    const found = findPersonMentions(text, name);
    if (!found) warnings.push(`person "${name}" is not named in the body`);
    const surname = name.split(" ").length > 1 ? name.split(" ").pop()! : null;
    people.push({
      key: personNameKey(name),
      name,
      role: p.role ? cleanText(p.role) : null,
      country: code,
      aliases: surname && found?.surface === surname ? [surname] : [],
      position: 0,
      count: found?.count ?? 1,
      firstOffset: found?.firstOffset ?? 0,
      surface: found?.surface ?? name,
    });
  }
  people.sort((a, b) => a.firstOffset - b.firstOffset).forEach((p, i) => (p.position = i));
  return people;
}

/** How a text names a speaker: full name, surname, aliases, or role ("Iran's President", "Cuban Ambassador"). */
function speakerForms(p: PreparedStory["people"][number], tools: PrepareTools): string[] {
  const c = p.country ? tools.countries.get(p.country) : undefined;
  const roleForms = p.role && c ? [`${c.name}'s ${p.role}`, `${c.demonym} ${p.role}`] : [];
  return [p.name, p.name.split(" ").pop()!, ...p.aliases, ...roleForms];
}

/** Whether a link's target is a printed title (a normalized headline), not an `id:` or `slug:` reference. */
export const isTitleRef = (ref: string): boolean => !ref.startsWith("id:") && !ref.startsWith("slug:");

/** Printed links in printed order, each with what it points at (`id:`, `slug:` or a normalized title); duplicates dropped. */
function prepareLinks(input: StoryInput, id: string | undefined): PreparedStory["links"] {
  const links: PreparedStory["links"] = [];
  const refs = new Set<string>();
  for (const [i, r] of (input.related ?? []).entries()) {
    const kind = r.kind ?? RelationKind.RELATED_NEWS;
    if (!isArticleLinkKind(kind)) throw badInput(`related[${i}].kind must be RELATED_NEWS or READ_MORE`, { field: `related[${i}]` });
    if (![r.id, r.slug, r.title].some(Boolean)) throw badInput(`related[${i}] needs an id, a slug or a title`, { field: `related[${i}]` });
    let ref: string;
    if (r.id) {
      const key = keyOf("Article", r.id);
      if (!key) throw badInput(`related[${i}].id is not a valid Article id`, { field: `related[${i}].id` });
      ref = `id:${key}`;
    } else if (r.slug) ref = `slug:${r.slug}`;
    else ref = normalizeHeadline(r.title!);
    if (!ref || ref === `id:${id}` || refs.has(`${kind}|${ref}`)) continue;
    refs.add(`${kind}|${ref}`);
    links.push({ kind, ref, title: r.title ? cleanText(r.title) : null, position: links.length });
  }
  return links;
}
