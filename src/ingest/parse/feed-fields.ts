/** Reading the elements of RSS items and Atom entries parsed by fast-xml-parser. Pure. */
import { cleanText } from "../normalize";
import { decodeEntities, htmlToParagraphs, textToParagraphs, unescapeXml } from "./html-text";

export type Node = Record<string, unknown>;
export type Kind = "html" | "xhtml" | "text";
/** A feed item before its body and headline are settled. */
export interface Fields {
  title: string;
  url: string | null;
  date: string;
  summary: string[];
  content: string[];
  tags: string[];
  guid: string | null;
  author: string | null;
}

export const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
export const first = (v: unknown): unknown => list(v)[0];
export const attr = (v: unknown, name: string): string | null => {
  const x = first(v);
  return isNode(x) && typeof x[`@_${name}`] === "string" ? (x[`@_${name}`] as string).trim() || null : null;
};
/** Text of a parsed element, attributes left out, entities decoded, white space folded. */
export function plain(v: unknown): string {
  const x = first(v);
  if (typeof x === "string" || typeof x === "number") return cleanText(decodeEntities(String(x)));
  if (!isNode(x)) return "";
  return cleanText(
    Object.entries(x)
      .filter(([k]) => !k.startsWith("@_"))
      .map(([, c]) => plain(c))
      .join(" "),
  );
}
/** Paragraphs of a raw (stop-node) element: `type` html, xhtml or text, else `dflt`. */
export function paragraphsOf(v: unknown, dflt: Kind): string[] {
  const x = first(v);
  const raw = typeof x === "string" ? x : isNode(x) && typeof x["#text"] === "string" ? x["#text"] : "";
  if (!raw.trim() || attr(x, "src")) return [];
  const type = attr(x, "type")?.toLowerCase();
  const kind: Kind = !type ? dflt : type.includes("xhtml") ? "xhtml" : type.includes("html") ? "html" : "text";
  if (kind === "xhtml") return htmlToParagraphs(raw);
  return kind === "html" ? htmlToParagraphs(unescapeXml(raw)) : textToParagraphs(unescapeXml(raw));
}
export const lineOf = (v: unknown, dflt: Kind): string => paragraphsOf(v, dflt).join(" ");
export const orNull = (s: string): string | null => s || null;
/** href of the `rel="alternate"` link (or of one without rel), else of the first link. */
export function atomLink(v: unknown): string | null {
  const links = list(v).filter(isNode);
  const alt = links.find((l) => (attr(l, "rel") ?? "alternate") === "alternate" && attr(l, "href"));
  return attr(alt ?? links.find((l) => attr(l, "href")), "href");
}

/** `editor@example.org (Jane Doe)` reads Jane Doe. */
const authorName = (s: string): string | null => orNull(/^\S+@\S+\s*\((.+)\)$/.exec(s)?.[1].trim() ?? s);

export function rssFields(item: Node): Fields {
  const guid = orNull(plain(item.guid));
  const link = orNull(plain(item.link)) ?? attr(item, "rdf:about");
  const permalink = guid && attr(item.guid, "isPermaLink") !== "false" && /^https?:\/\//i.test(guid) ? guid : null;
  return {
    title: lineOf(item.title, "html"),
    url: link ?? permalink,
    date: plain(item.pubDate) || plain(item["dc:date"]),
    summary: paragraphsOf(item.description, "html"),
    content: paragraphsOf(item["content:encoded"], "html"),
    tags: [...list(item.category), ...list(item["dc:subject"])].map(plain),
    guid,
    author: authorName(plain(item["dc:creator"]) || plain(item.author)),
  };
}

export function atomFields(entry: Node, feedAuthor: string | null): Fields {
  return {
    title: lineOf(entry.title, "text"),
    url: atomLink(entry.link),
    date: plain(entry.published) || plain(entry.updated) || plain(entry["dc:date"]),
    summary: paragraphsOf(entry.summary, "text"),
    content: paragraphsOf(entry.content, "text"),
    tags: list(entry.category).map((c) => cleanText(attr(c, "term") ?? attr(c, "label") ?? plain(c))),
    guid: orNull(plain(entry.id)),
    author: orNull(plain((first(entry.author) as Node | undefined)?.name)) ?? feedAuthor,
  };
}
