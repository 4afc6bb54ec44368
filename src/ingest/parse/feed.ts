import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { StoryInput } from "../story";
import { atomFields, atomLink, first, isNode, lineOf, list, orNull, plain, rssFields, type Fields, type Node } from "./feed-fields";
import { shorten } from "./html-text";
import { parseFeedDate } from "./feed-date";
import { deriveHeadline } from "./wire";

/** Input that cannot be read as a feed: empty, not XML, or XML that is not RSS, RDF or Atom. */
export class FeedParseError extends Error {
  override readonly name = "FeedParseError";
}

/** One story of a feed, its text as plain paragraphs. Pure data. */
export interface FeedItem {
  headline: string;
  url: string | null;
  publishedAt: Date | null;
  /** The description/summary, shortened, when a full content is the body; else null. */
  summary: string | null;
  paragraphs: string[];
  tags: string[];
  guid: string | null;
  author: string | null;
  /** Position of the item in the feed, from 0 (skipped items keep their number). */
  index: number;
  /** Warnings about this item alone (also in ParsedFeed.warnings); feedItemToStory passes them on. */
  warnings?: string[];
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
  warnings: string[];
}

const unique = (tags: string[]): string[] => {
  const seen = new Set<string>();
  return tags.filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
};

/** Elements kept raw so that their markup, CDATA and entities are read by type (see html-text). */
const RAW = ["title", "description", "content:encoded", "content", "summary"].map((n) => `*.${n}`);
const REPEATED = new Set(["item", "entry", "category", "link", "author", "dc:subject", "dc:creator"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  stopNodes: RAW,
  isArray: (name) => REPEATED.has(name),
});

/** Settles body, summary and headline; null (with a warning) for an item with nothing to read. */
function toItem(f: Fields, index: number, base: string | null, warnings: string[]): FeedItem | null {
  const paragraphs = f.content.length ? f.content : f.summary;
  const own: string[] = [];
  let headline = f.title;
  if (!headline) {
    if (!paragraphs.length) {
      warnings.push(`item at index ${index} has neither title nor text; skipped`);
      return null;
    }
    headline = deriveHeadline(paragraphs);
    own.push(`item at index ${index} has no title; the headline is taken from its first sentence`);
  }
  const publishedAt = parseFeedDate(f.date);
  if (f.date && !publishedAt) own.push(`item at index ${index}: unreadable date "${f.date}"`);
  let url = f.url;
  if (url && base && !/^[a-z][a-z0-9+.-]*:/i.test(url)) url = URL.canParse(url, base) ? new URL(url, base).href : url;
  const summary = f.content.length && f.summary.length ? shorten(f.summary.join(" ")) : null;
  warnings.push(...own);
  return { headline, url, publishedAt, summary, paragraphs, tags: unique(f.tags), guid: f.guid, author: f.author, index, warnings: own };
}

/** "char '{' is not expected." at line 1, column 1; unclosed tags named as such. */
function notXml(err: { msg: string; line: number; col: number }, xml: string): FeedParseError {
  const open = /^Invalid '(\[[\s\S]*\])' found/.exec(err.msg);
  let msg = err.msg.replace(/\s+/g, " ");
  if (open) msg = `unclosed tags ${(JSON.parse(open[1]) as string[]).map((t) => `<${t}>`).join(", ")} (truncated?)`;
  const kind = /^\s*[[{]/.test(xml)
    ? " (it looks like JSON)"
    : /^\s*(<!doctype html|<html)/i.test(xml)
      ? " (it looks like an HTML page)"
      : "";
  return new FeedParseError(`feed is not well-formed XML${kind}: ${msg} at line ${err.line}, column ${err.col}`);
}

/**
 * Parses an RSS 2.0, RSS 1.0 (RDF) or Atom feed into items with plain-text paragraphs. Throws
 * FeedParseError when the input is empty, not well-formed XML, or XML of another kind.
 */
export function parseFeed(xml: string): ParsedFeed {
  if (typeof xml !== "string" || xml.trim() === "") throw new FeedParseError("feed is empty");
  const text = xml.replace(/^\ufeff/, "").trimStart();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw notXml(valid.err, text);
  const doc = parser.parse(text) as Node;
  const rootName = Object.keys(doc).find((k) => /^[A-Za-z_]/.test(k));
  if (!rootName) throw new FeedParseError("feed has no root element");
  const root = isNode(doc[rootName]) ? (doc[rootName] as Node) : {};
  const warnings: string[] = [];
  const items: FeedItem[] = [];
  let title: string | null;
  let link: string | null;
  let fields: Fields[];
  if (rootName === "rss" || rootName === "RDF" || rootName.endsWith(":RDF")) {
    const channel = first(root.channel);
    if (!isNode(channel)) throw new FeedParseError(`<${rootName}> has no <channel>: not an RSS feed`);
    title = orNull(lineOf(channel.title, "html"));
    link = orNull(plain(channel.link));
    fields = list(rootName === "rss" ? channel.item : root.item).map((n) => rssFields(isNode(n) ? n : {}));
  } else if (rootName === "feed") {
    title = orNull(lineOf(root.title, "text"));
    link = atomLink(root.link);
    const author = orNull(plain((first(root.author) as Node | undefined)?.name));
    fields = list(root.entry).map((n) => atomFields(isNode(n) ? n : {}, author));
  } else throw new FeedParseError(`XML root <${rootName}> is not an RSS or Atom feed`);
  fields.forEach((f, i) => {
    const item = toItem(f, i, link, warnings);
    if (item) items.push(item);
  });
  if (fields.length === 0) warnings.push("feed has no items");
  return { title, link, items, warnings };
}

/**
 * A feed item as a story to ingest. `fallbackPublishedAt` (e.g. the feed's fetch time) is used,
 * with a warning, when the item has no date; an item without text gets its headline as body.
 * People, countries and relations are left out so that they are extracted from the text.
 */
export function feedItemToStory(item: FeedItem, source: { code: string; name?: string | null }, fallbackPublishedAt: Date): StoryInput {
  const warnings = [...(item.warnings ?? [])];
  let publishedAt = item.publishedAt;
  if (!publishedAt || Number.isNaN(publishedAt.getTime())) {
    if (Number.isNaN(fallbackPublishedAt.getTime())) throw new FeedParseError("fallbackPublishedAt is not a valid date");
    publishedAt = fallbackPublishedAt;
    warnings.push(`item at index ${item.index} has no publication date; using ${publishedAt.toISOString()}`);
  }
  let body = item.paragraphs;
  if (body.length === 0) {
    body = [item.summary ?? item.headline];
    warnings.push(`item at index ${item.index} has no text; its headline is used as the body`);
  }
  return {
    source: { code: source.code, name: source.name ?? null },
    headline: item.headline,
    url: item.url,
    publishedAt,
    publishedAtGuessed: publishedAt === fallbackPublishedAt,
    summary: item.summary,
    body,
    tags: item.tags,
    language: null,
    warnings,
  };
}

/**
 * A source code for a feed the caller gave none for: initials of the title's words (an
 * all-capital word counts whole: "BBC News" → BBCN), 2–8 letters or digits; else the name in
 * the link's host ("news.example.org" → EXAMPLE); else FEED.
 */
export function feedSourceCode(feed: ParsedFeed): string {
  const ascii = (s: string): string =>
    s
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .replace(/[^A-Za-z0-9\s]+/g, " ");
  const words = ascii(feed.title ?? "")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length > 1 && /^the$/i.test(words[0])) words.shift();
  const code = (words.length === 1 ? words[0] : words.map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : w[0])).join("")).toUpperCase().slice(0, 8);
  if (code.length >= 2) return code;
  const host = feed.link && URL.canParse(feed.link) ? new URL(feed.link).hostname.split(".") : [];
  host.pop();
  if (host.length > 1 && /^(co|com|org|net|gov|ac|edu)$/.test(host[host.length - 1])) host.pop();
  const name = ascii(host.pop() ?? "")
    .replace(/\s+/g, "")
    .toUpperCase()
    .slice(0, 8);
  return name.length >= 2 ? name : "FEED";
}
