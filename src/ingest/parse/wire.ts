import { RelationKind } from "../../relation/relation-kind";
import { KNOWN_SOURCES } from "../../source/known-sources";
import { splitSentences } from "../extract/sentences";
import { readRelatedBlocks } from "./wire-blocks";
import { stripSourcePrefix } from "./wire-source";

/** Wire text that cannot be read as a story (empty, binary, nothing left after the layout). */
export class WireParseError extends Error {
  override readonly name = "WireParseError";
}

/** A headline printed in the story, linking to another story. */
export interface WireRelated {
  kind: RelationKind.RELATED_NEWS | RelationKind.READ_MORE;
  title: string;
}

/** What a raw wire story says, with the scraping artifacts taken out. Pure data. */
export interface ParsedWire {
  /** The city of `City (CODE)-`, or null when the first line has none. */
  dateline: string | null;
  /** The outlet code of the dateline, upper case. */
  sourceCode: string | null;
  /** The outlet name glued to the second paragraph, else the known name for the code. */
  sourceName: string | null;
  /** Always null: wire text carries no headline (see deriveHeadline). */
  headline: string | null;
  /** Body paragraphs: NFC, white space folded, without dateline, source prefix or link blocks. */
  paragraphs: string[];
  /** "Related News" and "Read More" titles in printed order. */
  related: WireRelated[];
  warnings: string[];
}

/** `Tehran (IP)- `, `Tehran (IP) - `, `Tehran(IP)-`, with a hyphen, en or em dash; TEHRAN too. */
const DATELINE = /^(\p{Lu}[\p{L}\p{M}.'’ -]{0,40}?)\s*\(([A-Za-z][A-Za-z0-9]{0,7})\)\s*[-–—:]+\s*/u;
/** NUL and the other C0 controls that never occur in text (tab, line and page breaks do). */
const BINARY = /[\u0000-\u0008\u000e-\u001f\u007f]/;

/** Text as blank-line separated paragraphs, white space of each folded (NBSP included). */
function splitParagraphs(text: string): { raw: string; text: string }[] {
  const paragraphs: { raw: string; text: string }[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    const raw = lines.join(" ").trim();
    if (raw) paragraphs.push({ raw, text: raw.replace(/\s+/g, " ") });
    lines = [];
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^\s*$/.test(line)) flush();
    else lines.push(line);
  }
  flush();
  return paragraphs;
}

/** "TEHRAN" reads "Tehran"; mixed case stays as printed. */
const cityCase = (city: string): string =>
  city === city.toUpperCase()
    ? city.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
    : city;

/**
 * Parses a raw wire story (SPEC §3): `City (CODE)- ` dateline glued to the lead, a
 * `<Source><Section> News:` artifact glued to the second paragraph, a `Related News:` block in
 * the middle and a `Read More:` block at the end. Throws WireParseError for empty or binary
 * text and for text with no body paragraph.
 */
export function parseWire(text: string): ParsedWire {
  if (typeof text !== "string" || text.trim() === "") throw new WireParseError("wire text is empty");
  if (BINARY.test(text)) throw new WireParseError("wire text contains control characters (binary data?)");
  if (text.includes("\ufffd")) throw new WireParseError("wire text contains U+FFFD replacement characters (invalid UTF-8?)");
  const warnings: string[] = [];
  const { body, related } = readRelatedBlocks(splitParagraphs(text.replace(/^\ufeff/, "").normalize("NFC")), warnings);

  let dateline: string | null = null;
  let sourceCode: string | null = null;
  const lead = DATELINE.exec(body[0]?.text ?? "");
  if (lead) {
    dateline = cityCase(lead[1].trim());
    sourceCode = lead[2].toUpperCase();
    const rest = body[0].text.slice(lead[0].length);
    body[0] = { raw: rest, text: rest };
    if (!body[0].text) body.shift();
  } else warnings.push("no dateline: the first line does not start with `City (CODE)-`");

  let sourceName: string | null = null;
  if (body.length > 1) {
    const stripped = stripSourcePrefix(body[1].raw, sourceCode);
    if (stripped) {
      sourceName = stripped.sourceName;
      if (stripped.warning) warnings.push(stripped.warning);
      body[1] = { raw: stripped.rest, text: stripped.rest.replace(/\s+/g, " ").trim() };
      if (!body[1].text) body.splice(1, 1);
    }
  }
  sourceName ??= sourceCode ? (KNOWN_SOURCES[sourceCode] ?? null) : null;

  const paragraphs = body.map((p) => p.text).filter((p) => p.length > 0);
  if (paragraphs.length === 0) throw new WireParseError("wire text has no body paragraph");
  return { dateline, sourceCode, sourceName, headline: null, paragraphs, related, warnings };
}

const MAX_HEADLINE_WORDS = 14;

/**
 * A headline made from the lead: the first sentence of the first paragraph, cut at a word
 * boundary to at most 14 words, never inside an open quotation, without trailing punctuation.
 */
export function deriveHeadline(paragraphs: string[]): string {
  const first =
    paragraphs
      .find((p) => p.trim())
      ?.replace(/\s+/g, " ")
      .trim() ?? "";
  const sentence = splitSentences(first)[0]?.text ?? first;
  let words = sentence.split(" ");
  if (words.length > MAX_HEADLINE_WORDS) {
    words = words.slice(0, MAX_HEADLINE_WORDS);
    // An opening quote that the cut leaves open: end the headline before it.
    const openAt = words.findIndex((w, i) => /^["“]/.test(w) && !words.slice(i).join(" ").slice(1).match(/["”]/));
    if (openAt > 2) words = words.slice(0, openAt);
  }
  let headline = words.join(" ").replace(/[\s.,;:!?'"“”‘’(–—-]+$/u, "");
  // A quotation opened at the start and not closed within the cut: drop the lone quote mark.
  if (/^["“]/.test(headline) && !/["”]/.test(headline.slice(1))) headline = headline.slice(1);
  return headline.trim() || sentence.slice(0, 120).trim();
}
