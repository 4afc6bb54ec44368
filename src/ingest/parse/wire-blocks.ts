import { RelationKind } from "../../relation/relation-kind";
import { splitSentences } from "../extract/sentences";
import { isArtifact } from "./wire-artifacts";

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

/** A block heading, alone in its paragraph (colon optional) or with a title after the colon. */
const HEADING =
  /^(related\s+news|related\s+stories|related\s+articles|related|see\s+also|read\s+more|read\s+also|also\s+read|more\s+on\s+this)\s*(?:$|:\s*(.*)$)/i;
const kindOf = (heading: string): RelatedTitle["kind"] =>
  /^(?:related|see)/i.test(heading) ? RelationKind.RELATED_NEWS : RelationKind.READ_MORE;
/** At most this many words in a printed title. */
const MAX_TITLE_WORDS = 20;

/** A title as stored: one trailing full stop removed ("… against Cuba." → "… against Cuba"). */
export const cleanTitle = (title: string): string => title.replace(/(?<![.\s]\p{Lu})\.$/u, "").trim();

/** Short and one sentence: what a printed headline looks like (it may end with a full stop). */
const looksLikeTitle = (p: string): boolean => p.split(" ").length <= MAX_TITLE_WORDS && splitSentences(p).length === 1 && !HEADING.test(p);
/** A title that cannot be the body resuming: no closing punctuation as body sentences have. */
const surelyTitle = (p: string): boolean => looksLikeTitle(p) && !/[.!:;"”)]$/.test(p);

/**
 * Separates the link blocks from the body. A heading ("Related News:", "Read More:", "Read
 * more:", "Related:", "See also:", …) takes the title on its line or the next paragraph, then
 * further paragraphs up to the last one that is surely a title (short, one sentence, no closing
 * full stop), through any between them that look like one (a title may end with a full stop).
 * So a mid-story "Read more:" takes only its titles, and the story goes on after them. Captions and sharing or tag lines
 * are neither body nor titles.
 */
export function readRelatedBlocks(paragraphs: WireParagraph[], warnings: string[]): { body: WireParagraph[]; related: RelatedTitle[] } {
  const kept = paragraphs.filter((p) => !isArtifact(p.text));
  const body: WireParagraph[] = [];
  const related: RelatedTitle[] = [];
  const add = (kind: RelatedTitle["kind"], text: string): void => {
    const title = cleanTitle(text);
    if (title) related.push({ kind, title });
  };
  for (let i = 0; i < kept.length; i++) {
    const heading = HEADING.exec(kept[i].text);
    if (!heading) {
      body.push(kept[i]);
      continue;
    }
    const kind = kindOf(heading[1]);
    let next = kept.findIndex((p, k) => k > i && HEADING.test(p.text));
    if (next < 0) next = kept.length;
    const run = kept.slice(i + 1, next).map((p) => p.text);
    let taken = 0;
    if (heading[2]) add(kind, heading[2]);
    else if (run.length) add(kind, run[taken++]);
    else warnings.push(`\`${heading[1]}:\` block without a title`);
    // Titles go on up to the last one that is surely a title, through any that only look like one.
    let last = taken - 1;
    for (let k = taken; k < run.length && looksLikeTitle(run[k]); k++) if (surelyTitle(run[k])) last = k;
    while (taken <= last) add(kind, run[taken++]);
    i += taken;
  }
  return { body, related };
}
