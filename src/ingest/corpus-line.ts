import { RelationKind } from "../relation/relation-kind";
import type { StoryInput } from "./story";

/** A corpus line that is not an article; says which field is wrong. */
export class CorpusLineError extends Error {}

const isString = (v: unknown): v is string => typeof v === "string";
const stringList = (v: unknown, field: string): string[] | undefined => {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every(isString)) throw new CorpusLineError(`${field} must be a list of strings`);
  return v;
};

/**
 * Reads one JSON object in the corpus shape (../shared/corpus/generate.mjs) as a story.
 * `related` may be a list of ids (the corpus form) or of { id | slug | title, kind }.
 * Domain rules (known countries, sizes) are checked later by prepareStory, for every route alike.
 */
export function storyFromJson(value: unknown): StoryInput {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CorpusLineError("not a JSON object");
  const o = value as Record<string, unknown>;
  if (!isString(o.headline)) throw new CorpusLineError("headline must be a string");
  const body = stringList(o.body, "body");
  if (!body) throw new CorpusLineError("body must be a list of paragraphs");
  const source = o.source as Record<string, unknown> | undefined;
  if (!source || !isString(source.code)) throw new CorpusLineError("source.code must be a string");
  if (!isString(o.publishedAt) || Number.isNaN(Date.parse(o.publishedAt))) throw new CorpusLineError("publishedAt must be an ISO date-time");
  for (const field of ["id", "slug", "dateline", "summary", "language", "url"]) {
    if (o[field] !== undefined && o[field] !== null && !isString(o[field])) throw new CorpusLineError(`${field} must be a string`);
  }
  const people = o.people === undefined || o.people === null ? undefined : o.people;
  if (people !== undefined && (!Array.isArray(people) || !people.every((p) => p && isString((p as { name?: unknown }).name)))) {
    throw new CorpusLineError("people must be a list of { name, role?, country? }");
  }
  const related = o.related === undefined || o.related === null ? undefined : o.related;
  if (related !== undefined && !Array.isArray(related)) throw new CorpusLineError("related must be a list");
  const relations = o.relations === undefined || o.relations === null ? undefined : o.relations;
  if (relations !== undefined && (!Array.isArray(relations) || !relations.every((r) => r && isString(r.from) && isString(r.to) && Object.values(RelationKind).includes(r.kind)))) {
    throw new CorpusLineError("relations must be a list of { from, to, kind }");
  }
  return {
    id: o.id as string | undefined,
    slug: o.slug as string | undefined,
    source: { code: source.code, name: isString(source.name) ? source.name : null },
    dateline: o.dateline as string | undefined,
    headline: o.headline,
    summary: o.summary as string | undefined,
    body,
    publishedAt: new Date(o.publishedAt),
    language: o.language as string | undefined,
    url: o.url as string | undefined,
    tags: stringList(o.tags, "tags"),
    people: people as StoryInput["people"],
    countries: stringList(o.countries, "countries"),
    related: related?.map((r, i) => {
      if (isString(r)) return { id: r };
      if (r && typeof r === "object") {
        const kind = (r as { kind?: unknown }).kind;
        if (kind !== undefined && kind !== RelationKind.RELATED_NEWS && kind !== RelationKind.READ_MORE) throw new CorpusLineError(`related[${i}].kind must be RELATED_NEWS or READ_MORE`);
        return r as NonNullable<StoryInput["related"]>[number];
      }
      throw new CorpusLineError(`related[${i}] must be an id or { id | slug | title, kind }`);
    }),
    relations: relations as StoryInput["relations"],
  };
}
