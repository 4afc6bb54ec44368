import { RelationKind } from "../../relation/relation-kind";
import { KNOWN_SOURCES } from "../../source/known-sources";
import { splitSentences } from "../extract/sentences";
import { readRelatedBlocks, type WireParagraph } from "./wire-blocks";
import { readDateline } from "./wire-dateline";
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
  /** The place of the dateline ("Tehran", "New Delhi"), or null when the first line has none. */
  dateline: string | null;
  /** A region or country printed with the place ("KYIV, Ukraine (AP)"), if any. */
  datelineRegion: string | null;
  /** The outlet code of the dateline's agency, upper case ("(Reuters)" is RTR). */
  sourceCode: string | null;
  /** The outlet name glued to the second paragraph, else the known name for the code. */
  sourceName: string | null;
  /** Always null: wire text carries no headline (see deriveHeadline). */
  headline: string | null;
  /** Body paragraphs: NFC, white space folded, without dateline, source prefix, captions or link blocks. */
  paragraphs: string[];
  /** "Related News" and "Read More" titles in printed order. */
  related: WireRelated[];
  warnings: string[];
}

/** NUL and the other C0 controls that never occur in text (tab, line and page breaks do). */
const BINARY = /[\u0000-\u0008\u000e-\u001f\u007f]/;

/** Text as blank-line separated paragraphs, white space of each folded (NBSP included). */
function splitParagraphs(text: string): WireParagraph[] {
  const paragraphs: WireParagraph[] = [];
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

/** The paragraph without a glued `<Source><Section>:` artifact, and the outlet it names. */
function stripGluedSource(body: WireParagraph[], at: number, code: string | null, warnings: string[]): string | null {
  const stripped = body[at] ? stripSourcePrefix(body[at].raw, code) : null;
  if (!stripped) return null;
  if (stripped.warning) warnings.push(stripped.warning);
  body[at] = { raw: stripped.rest, text: stripped.rest.replace(/\s+/g, " ").trim() };
  return stripped.sourceName;
}

/**
 * Parses a raw wire story (SPEC §3): a dateline glued to the lead (`Tehran (IP)- `,
 * `WASHINGTON, Oct 8 (Reuters) - `, `MOSCOW, March 4. /TASS/. `, see readDateline), a
 * `<Source><Section> News:` artifact glued to the second paragraph, photo captions and sharing
 * lines, `Related News:` and `Read More:` blocks. Throws WireParseError for empty or binary
 * text and for text with no body paragraph.
 */
export function parseWire(text: string): ParsedWire {
  if (typeof text !== "string" || text.trim() === "") throw new WireParseError("wire text is empty");
  if (BINARY.test(text)) throw new WireParseError("wire text contains control characters (binary data?)");
  if (text.includes("\ufffd")) throw new WireParseError("wire text contains U+FFFD replacement characters (invalid UTF-8?)");
  const warnings: string[] = [];
  const { body, related } = readRelatedBlocks(splitParagraphs(text.replace(/^\ufeff/, "").normalize("NFC")), warnings);

  const dateline = body.length ? readDateline(body[0].text) : null;
  if (dateline) {
    body[0] = { raw: dateline.rest, text: dateline.rest };
    if (!body[0].text) body.shift();
  } else warnings.push("no dateline: the first line does not start with a place and an agency (`City (CODE)- `)");
  const sourceCode = dateline?.sourceCode ?? null;

  let sourceName = stripGluedSource(body, 1, sourceCode, warnings);
  sourceName ??= sourceCode ? (KNOWN_SOURCES[sourceCode] ?? null) : null;

  const paragraphs = body.map((p) => p.text).filter((p) => p.length > 0);
  if (paragraphs.length === 0) throw new WireParseError("wire text has no body paragraph");
  return {
    dateline: dateline?.place ?? null,
    datelineRegion: dateline?.region ?? null,
    sourceCode,
    sourceName,
    headline: null,
    paragraphs,
    related,
    warnings,
  };
}

/** A lead sentence up to this many words is the headline as it stands. */
const MAX_HEADLINE_WORDS = 18;
/** A clause boundary earlier than this word leaves too little to read as a headline. */
const MIN_CLAUSE_WORDS = 6;
/** Where no clause boundary fits, the lead is cut here and marked with an ellipsis. */
const CUT_WORDS = 14;
/** Words a cut headline must not end on ("…open to", "…times for"). */
const DANGLING = new Set(
  "a an the and or but nor of to for in on at by with from into as than that which who whose its their his her is are was were be been has have had will would said says".split(" "),
);

/**
 * A headline made from the lead: its first sentence when that is short; else the sentence up to
 * its last clause boundary (comma, colon, semicolon, dash) that leaves a readable headline;
 * else its first words, never ending on a dangling word, with an ellipsis to show the cut.
 * Quotation marks the cut leaves open are closed; trailing punctuation is dropped.
 */
export function deriveHeadline(paragraphs: string[]): string {
  const first =
    paragraphs
      .find((p) => p.trim())
      ?.replace(/\s+/g, " ")
      .trim() ?? "";
  const sentence = splitSentences(first)[0]?.text ?? first;
  const words = sentence.split(" ");
  let headline: string;
  if (words.length <= MAX_HEADLINE_WORDS) headline = trimEnd(sentence);
  else {
    const clauseEnd = lastClauseBoundary(words);
    if (clauseEnd) headline = trimEnd(words.slice(0, clauseEnd).join(" "));
    else {
      const cut = words.slice(0, CUT_WORDS);
      while (cut.length > MIN_CLAUSE_WORDS && DANGLING.has(cut.at(-1)!.toLowerCase().replace(/[^\p{L}']/gu, ""))) cut.pop();
      headline = `${trimEnd(cut.join(" "))}…`;
    }
  }
  return closeQuotes(headline).trim() || sentence.slice(0, 120).trim();
}

/** Words up to the last clause boundary within the headline length, or 0 when there is none. */
function lastClauseBoundary(words: string[]): number {
  for (let n = Math.min(MAX_HEADLINE_WORDS, words.length - 1); n >= MIN_CLAUSE_WORDS; n--) {
    const word = words[n - 1];
    if (/[,;:]["”’]?$/.test(word) || /^[–—]$/.test(words[n] ?? "")) return n;
  }
  return 0;
}

function trimEnd(text: string): string {
  return text.replace(/[\s.,;:!?(–—-]+$/u, "").replace(/([^"“”])[,;:]+(["”])$/u, "$1$2");
}

/** Closes a quotation that the cut left open, or drops a lone opening mark at the start. */
function closeQuotes(text: string): string {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/“/g) ?? []).length - (text.match(/”/g) ?? []).length;
  if (straight % 2 === 1) return text.startsWith('"') && text.indexOf('"', 1) < 0 ? text.slice(1) : text.replace(/…?$/, (e) => `"${e}`);
  if (open > 0) return text.startsWith("“") && !text.includes("”") ? text.slice(1) : text.replace(/…?$/, (e) => `”${e}`);
  return text;
}
