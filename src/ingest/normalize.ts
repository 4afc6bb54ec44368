import { createHash } from "node:crypto";
import { transliterate } from "transliteration";

/** Folds a text for comparison: NFKD without accents, lower case, letters and digits only. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Normalized headline, the key that printed "Related News" titles are matched on. */
export const normalizeHeadline = foldText;

/**
 * URL-safe slug of a text in any script: transliterated to Latin ("Иван Петров" → "ivan-petrov",
 * "王毅" → "wang-yi"), then ascii letters, digits and hyphens, at most `max` characters.
 */
export function slugify(text: string, max = 80): string {
  const slug = foldText(transliterate(text.normalize("NFC")))
    .replace(/[^a-z0-9 ]/g, "")
    .trim()
    .replace(/\s+/g, "-");
  // Cut at a word boundary when too long.
  const cut = slug.length > max ? slug.slice(0, max).replace(/-[^-]*$/, "") : slug;
  return cut || "story";
}

/** Hash of a story's normalized text: the same story from the same source hashes the same. */
export function contentHash(headline: string, body: readonly string[]): string {
  return createHash("sha256")
    .update(foldText(headline) + "\n" + body.map(foldText).join("\n"))
    .digest("hex");
}

/** Key that recognises the same person across stories ("Ebrahim  Raisi" = "ebrahim raisi"). */
export const personNameKey = foldText;

/** A deterministic UUID (v5-style, SHA-1) for a name within Newsgraph's namespace. */
export function stableUuid(name: string): string {
  const h = createHash("sha1")
    .update("newsgraph:" + name)
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** NFC and folded white space: how names and titles are stored. */
export const cleanText = (text: string): string => text.normalize("NFC").replace(/\s+/g, " ").trim();
