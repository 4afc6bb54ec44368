import { RelationKind } from "../../relation/relation-kind";

/** One paragraph as printed (`raw`, NBSP kept) and with white space folded (`text`). */
export interface WireParagraph {
  raw: string;
  text: string;
}

/** A printed link title, before it is typed as WireRelated. */
export interface RelatedTitle {
  kind: RelationKind.RELATED_NEWS | RelationKind.READ_MORE;
  title: string;
}

/** The block markers, alone in their paragraph or with a title after the colon. */
const RELATED_NEWS = /^related\s+news(?:\s*:\s*(.*)|\s*)$/i;
const READ_MORE = /^read\s+more(?:\s*:\s*(.*)|\s*)$/i;
/** At most this many words in a further "Related News" title. */
const MAX_TITLE_WORDS = 20;

/** A title as stored: one trailing full stop removed ("… against Cuba." → "… against Cuba"). */
export const cleanTitle = (title: string): string => title.replace(/(?<![.\s]\p{Lu})\.$/u, "").trim();

/**
 * A paragraph that reads like one more headline of a Related News block rather than body
 * text: short, no quotation, and no closing punctuation (body paragraphs end with one).
 */
const looksLikeTitle = (p: string): boolean => p.split(" ").length <= MAX_TITLE_WORDS && !/["“”]/.test(p) && !/[.!?:;"”)]$/.test(p);

/**
 * Separates the link blocks from the body. `Related News:` takes the next paragraph as its
 * title (and following ones while they look like headlines); `Read More:` takes every
 * paragraph after it. A marker may also carry its title on the same line.
 */
export function readRelatedBlocks(paragraphs: WireParagraph[], warnings: string[]): { body: WireParagraph[]; related: RelatedTitle[] } {
  const body: WireParagraph[] = [];
  const related: RelatedTitle[] = [];
  const add = (kind: RelatedTitle["kind"], text: string): void => {
    const title = cleanTitle(text);
    if (title) related.push({ kind, title });
  };
  for (let i = 0; i < paragraphs.length; i++) {
    const text = paragraphs[i].text;
    const readMore = READ_MORE.exec(text);
    if (readMore) {
      if (readMore[1]) add(RelationKind.READ_MORE, readMore[1]);
      for (const p of paragraphs.slice(i + 1)) add(RelationKind.READ_MORE, p.text);
      if (!readMore[1] && i === paragraphs.length - 1) warnings.push("`Read More:` block without titles");
      break;
    }
    const relatedNews = RELATED_NEWS.exec(text);
    if (!relatedNews) {
      body.push(paragraphs[i]);
      continue;
    }
    if (relatedNews[1]) add(RelationKind.RELATED_NEWS, relatedNews[1]);
    else if (i + 1 < paragraphs.length && !READ_MORE.test(paragraphs[i + 1].text)) add(RelationKind.RELATED_NEWS, paragraphs[++i].text);
    else warnings.push("`Related News:` block without a title");
    while (i + 2 < paragraphs.length && looksLikeTitle(paragraphs[i + 1].text) && !READ_MORE.test(paragraphs[i + 1].text)) {
      add(RelationKind.RELATED_NEWS, paragraphs[++i].text);
    }
  }
  return { body, related };
}
