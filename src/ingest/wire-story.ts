import { badInput } from "../common/errors";
import { deriveHeadline, parseWire, WireParseError } from "./parse/wire";
import type { StoryInput } from "./story";

/** What a caller may say about a wire story besides its text. */
export interface WireOptions {
  /** Outlet code; when absent, the code in the dateline. */
  source?: string | null;
  headline?: string | null;
  publishedAt?: Date | null;
  url?: string | null;
  language?: string | null;
}

/**
 * Reads raw wire text as a story: dateline, source, paragraphs and printed links from the
 * parser; a headline derived from the lead when none is given (with a warning). People,
 * countries and relations are left to extraction. Bad text is a BAD_USER_INPUT error.
 */
export function storyFromWire(text: string, options: WireOptions, maxBytes: number): StoryInput {
  const size = Buffer.byteLength(text, "utf8");
  if (size > maxBytes) throw badInput(`story is ${size} bytes; the limit is ${maxBytes}`, { field: "text" });
  let parsed;
  try {
    parsed = parseWire(text);
  } catch (error) {
    if (error instanceof WireParseError) throw badInput(error.message, { field: "text" });
    throw error;
  }
  const warnings = [...parsed.warnings];
  const code = options.source?.trim() || parsed.sourceCode;
  if (!code) throw badInput("the text has no dateline with a source code (`City (CODE)- …`); give source", { field: "source" });
  let headline = options.headline?.trim();
  if (!headline) {
    headline = deriveHeadline(parsed.paragraphs);
    warnings.push(`no headline given; derived one from the lead: "${headline}"`);
  }
  let publishedAt = options.publishedAt ?? null;
  if (!publishedAt) {
    publishedAt = new Date();
    warnings.push("no publication time given; using the time of ingest");
  }
  const sameSource = code.toUpperCase() === parsed.sourceCode?.toUpperCase();
  return {
    source: { code, name: sameSource ? parsed.sourceName : null },
    dateline: parsed.dateline,
    datelineRegion: parsed.datelineRegion,
    headline,
    body: parsed.paragraphs,
    publishedAt,
    publishedAtGuessed: !options.publishedAt,
    url: options.url ?? null,
    language: options.language ?? null,
    related: parsed.related.map((r) => ({ kind: r.kind, title: r.title })),
    warnings,
  };
}
