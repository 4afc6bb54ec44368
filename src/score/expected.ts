import fs from "node:fs";
import path from "node:path";
import type { WireOptions } from "../ingest/wire-story";

/** A person as an annotation gives them: role and country only when the text says them. */
export interface ExpectedPerson {
  name: string;
  role?: string | null;
  country?: string | null;
}

/** A country↔country relation: kind and an unordered pair of alpha-2 codes. */
export interface ExpectedRelation {
  kind: string;
  between: [string, string];
}

/**
 * What ingesting one wire file must yield, read from `NAME.expected.json` (the format of
 * ../shared/samples/wire/README.md) or from a line of a generated corpus `manifest.jsonl`.
 * A field left undefined is not checked for that story.
 */
export interface ExpectedStory {
  /** File name without `.txt`. */
  name: string;
  /** Path of the wire text. */
  file: string;
  /** How the story is ingested (headline, publication time, source code when the text prints none). */
  ingest: WireOptions;
  source?: string;
  dateline?: string | null;
  datelineCountry?: string | null;
  paragraphCount?: number;
  firstParagraphStartsWith?: string;
  secondParagraphStartsWith?: string;
  lastParagraphStartsWith?: string;
  bodyMustNotContain?: string[];
  countries?: string[];
  people?: ExpectedPerson[];
  notPeople?: string[];
  relations?: ExpectedRelation[];
  related?: { kind: string; title: string }[];
  quotesAtLeast?: number;
  quoteSpeakers?: string[];
}

/** Annotations that cannot be read: the file and what is wrong. */
export class ExpectationError extends Error {
  override readonly name = "ExpectationError";
}

/** A fixed time for stories whose annotation gives none, so repeated runs store the same thing. */
const DEFAULT_PUBLISHED_AT = "2024-01-01T00:00:00Z";

const readJson = (file: string): Record<string, unknown> => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ExpectationError(`${file}: ${(error as Error).message}`);
  }
};

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One `NAME.expected.json` next to its `NAME.txt`. */
export function readExpectedFile(file: string): ExpectedStory {
  const json = readJson(file);
  const name = path.basename(file).replace(/\.expected\.json$/, "");
  const text = path.join(path.dirname(file), str(json.file) ?? `${name}.txt`);
  if (!fs.existsSync(text)) throw new ExpectationError(`${file}: no story file ${text}`);
  const ingest = (json.ingest ?? {}) as Record<string, unknown>;
  const source = json.source as { code?: string } | undefined;
  return {
    name,
    file: text,
    ingest: {
      source: str(ingest.source) ?? null,
      headline: str(ingest.headline) ?? null,
      publishedAt: new Date(str(ingest.publishedAt) ?? DEFAULT_PUBLISHED_AT),
    },
    source: str(source?.code) ?? str(ingest.source),
    dateline: json.dateline as string | null | undefined,
    datelineCountry: json.datelineCountry as string | null | undefined,
    paragraphCount: json.paragraphCount as number | undefined,
    firstParagraphStartsWith: str(json.firstParagraphStartsWith),
    secondParagraphStartsWith: str(json.secondParagraphStartsWith),
    lastParagraphStartsWith: str(json.lastParagraphStartsWith),
    bodyMustNotContain: json.bodyMustNotContain as string[] | undefined,
    countries: json.countries as string[] | undefined,
    people: json.people as ExpectedPerson[] | undefined,
    notPeople: json.notPeople as string[] | undefined,
    relations: json.relations as ExpectedRelation[] | undefined,
    related: json.related as { kind: string; title: string }[] | undefined,
    quotesAtLeast: json.quotesAtLeast as number | undefined,
    quoteSpeakers: json.quoteSpeakers as string[] | undefined,
  };
}

/** One line of a generated corpus manifest (`generate.mjs --format wire`). */
interface ManifestLine {
  file: string;
  headline?: string;
  publishedAt?: string;
  source?: { code?: string };
  dateline?: string;
  paragraphCount?: number;
  countries?: string[];
  people?: ExpectedPerson[];
  relations?: { from: string; to: string; kind: string }[];
  related?: { kind: string; title: string }[];
}

/**
 * A generated corpus folder (`generate.mjs --format wire`): its `manifest.jsonl` gives each
 * file's expected extraction. Ingested as `newsgraph ingest` does: headline and publication
 * time from the manifest, the source from the dateline.
 */
export function readManifest(file: string): ExpectedStory[] {
  const dir = path.dirname(file);
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      let e: ManifestLine;
      try {
        e = JSON.parse(line);
      } catch {
        throw new ExpectationError(`${file}:${i + 1}: not JSON`);
      }
      if (typeof e.file !== "string") throw new ExpectationError(`${file}:${i + 1}: no "file"`);
      return {
        name: e.file.replace(/\.txt$/, ""),
        file: path.join(dir, e.file),
        ingest: { headline: str(e.headline) ?? null, publishedAt: new Date(str(e.publishedAt) ?? DEFAULT_PUBLISHED_AT) },
        source: str(e.source?.code),
        dateline: e.dateline,
        paragraphCount: e.paragraphCount,
        countries: e.countries,
        people: e.people,
        relations: (e.relations ?? []).map((r): ExpectedRelation => ({ kind: r.kind, between: [r.from, r.to] })),
        related: e.related,
      };
    });
}

/**
 * The annotated stories under the given paths: a folder's `*.expected.json` files (not its
 * sub-folders), or its `manifest.jsonl`; a path may also name one `.expected.json` or `.txt`.
 */
export function loadExpectations(paths: string[]): ExpectedStory[] {
  const stories: ExpectedStory[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new ExpectationError(`${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) {
      const manifest = path.join(p, "manifest.jsonl");
      const annotated = fs
        .readdirSync(p)
        .filter((f) => f.endsWith(".expected.json"))
        .sort();
      if (annotated.length) stories.push(...annotated.map((f) => readExpectedFile(path.join(p, f))));
      else if (fs.existsSync(manifest)) stories.push(...readManifest(manifest));
      else throw new ExpectationError(`${p}: no NAME.expected.json files and no manifest.jsonl`);
    } else if (p.endsWith(".jsonl")) stories.push(...readManifest(p));
    else stories.push(readExpectedFile(p.endsWith(".txt") ? p.replace(/\.txt$/, ".expected.json") : p));
  }
  return stories;
}
