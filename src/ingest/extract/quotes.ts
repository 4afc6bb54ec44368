/** A quotation found in a text, with whoever the nearby words attribute it to. */
export interface QuoteHit {
  text: string;
  offset: number;
  /** Index into the `speakers` list given to findQuotes, or null when unattributed. */
  speaker: number | null;
}

/** Quoted passages of a paragraph: straight quotes pair up in order, curly quotes by direction. */
function quotedSpans(paragraph: string): { start: number; inner: string }[] {
  const spans: { start: number; inner: string }[] = [];
  for (const m of paragraph.matchAll(/"([^"]*)"|“([^“”]*)”/g)) spans.push({ start: m.index!, inner: (m[1] ?? m[2]).trim() });
  return spans;
}

/**
 * Finds quoted passages of at least four words and attributes each to the speaker named
 * closest before it in the same paragraph, or right after it (`"…," Raisi said`).
 * `speakers` lists each person's surface forms (full name, surname, "Iran's President", …).
 */
export function findQuotes(text: string, speakers: readonly string[][]): QuoteHit[] {
  const quotes: QuoteHit[] = [];
  let paragraphStart = 0;
  for (const paragraph of text.split("\n\n")) {
    for (const span of quotedSpans(paragraph)) {
      if (span.inner.split(/\s+/).length < 4) continue;
      const before = paragraph.slice(0, span.start);
      const after = paragraph.slice(span.start + span.inner.length + 2, span.start + span.inner.length + 60);
      let best: { index: number; distance: number } | null = null;
      speakers.forEach((forms, index) => {
        for (const form of forms) {
          const b = before.lastIndexOf(form);
          const distances = [b >= 0 ? before.length - b : Infinity, (() => {
            const a = after.indexOf(form);
            return a >= 0 && a < 30 ? a + 1 : Infinity;
          })()];
          const distance = Math.min(...distances);
          if (distance < (best?.distance ?? Infinity)) best = { index, distance };
        }
      });
      quotes.push({ text: span.inner, offset: paragraphStart + span.start + 1, speaker: (best as { index: number } | null)?.index ?? null });
    }
    paragraphStart += paragraph.length + 2;
  }
  return quotes;
}
