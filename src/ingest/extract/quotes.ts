/** A quotation found in a text, with whoever the nearby words attribute it to. */
export interface QuoteHit {
  text: string;
  offset: number;
  /** Index into the `speakers` list given to findQuotes, or null when unattributed. */
  speaker: number | null;
}

/**
 * Quoted passages of a paragraph: straight quotes pair up in order, curly quotes by direction.
 * A comma closing the passage belongs to the attribution (`"We are ready," he said`), not to
 * the words quoted; a full stop, question or exclamation mark stays.
 */
function quotedSpans(paragraph: string): { start: number; end: number; inner: string }[] {
  const spans: { start: number; end: number; inner: string }[] = [];
  for (const m of paragraph.matchAll(/"([^"]*)"|“([^“”]*)”/g)) {
    spans.push({ start: m.index!, end: m.index! + m[0].length, inner: (m[1] ?? m[2]).trim().replace(/\s*,$/, "") });
  }
  return spans;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Whether the character (a whole code point, astral ones included) ending before `end` / starting at `start` is part of a word. */
const wordCharBefore = (text: string, end: number): boolean => end > 0 && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(/[\udc00-\udfff]/.test(text[end - 1]) && end > 1 ? end - 2 : end - 1)!));
const wordCharAt = (text: string, start: number): boolean => start < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));

/**
 * Offsets where `form` stands as whole words in `text`: "Li" is not inside "Libya", "Khan" not
 * inside "Khanum". A plain string search with a look at the neighbouring characters (a regular
 * expression with a look-behind per form costs most of a story's preparation).
 */
function wholeWordOffsets(text: string, form: string): number[] {
  const offsets: number[] = [];
  if (!form) return offsets;
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
    if (!wordCharBefore(text, at) && !wordCharAt(text, at + form.length)) offsets.push(at);
  }
  return offsets;
}

/**
 * Finds quoted passages of at least four words and attributes each to the speaker named
 * closest before it in the same paragraph, or right after it (`"…," Raisi said`). A form counts
 * only as whole words. `speakers` lists each person's surface forms (full name, surname,
 * "Iran's President", …).
 */
export function findQuotes(text: string, speakers: readonly string[][]): QuoteHit[] {
  const quotes: QuoteHit[] = [];
  let paragraphStart = 0;
  for (const paragraph of text.split("\n\n")) {
    for (const span of quotedSpans(paragraph)) {
      if (span.inner.split(/\s+/).length < 4) continue;
      const before = paragraph.slice(0, span.start);
      const after = paragraph.slice(span.end, span.end + 60);
      let best: { index: number; distance: number } | null = null;
      speakers.forEach((forms, index) => {
        for (const form of forms) {
          const b = wholeWordOffsets(before, form).at(-1);
          const a = wholeWordOffsets(after, form)[0];
          const distance = Math.min(b !== undefined ? before.length - b : Infinity, a !== undefined && a < 30 ? a + 1 : Infinity);
          if (distance < (best?.distance ?? Infinity)) best = { index, distance };
        }
      });
      const inner = paragraph.indexOf(span.inner, span.start);
      quotes.push({ text: span.inner, offset: paragraphStart + inner, speaker: (best as { index: number } | null)?.index ?? null });
    }
    paragraphStart += paragraph.length + 2;
  }
  return quotes;
}
