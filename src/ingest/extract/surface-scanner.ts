const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/** Whether the code point starting at `i` (astral ones whole) is a letter or digit. */
const letterOrDigitAt = (text: string, i: number): boolean => {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(i)!));
};
/** Whether the code point ending just before `i` is a letter or digit. */
const letterOrDigitBefore = (text: string, i: number): boolean => {
  if (i <= 0) return false;
  const low = text.charCodeAt(i - 1);
  return letterOrDigitAt(text, low >= 0xdc00 && low <= 0xdfff && i > 1 ? i - 2 : i - 1);
};

/** A surface found in a text: where it starts (after any "the "), and which surface. */
export interface SurfaceMatch {
  offset: number;
  surface: string;
}

/**
 * Finds whole-word occurrences of many fixed surfaces ("Iran", "Iranian", "the Republic of
 * Cuba"…) in a text, left to right, the longest surface first where several start at one place,
 * optionally after "the " and before a plural "s"; what a regular expression
 * `(?<![\p{L}\p{N}])(?:the\s+)?(longest|…|shortest)(?:s)?(?![\p{L}\p{N}])` with the `u` flag finds
 * with matchAll, without trying all of the surfaces (about 1,500 for the countries) at every
 * position of the text: a position's candidates are the surfaces that begin with its two first
 * characters. That alternation was a third of a story's preparation.
 */
export class SurfaceScanner {
  /** Surfaces by their first two UTF-16 code units (as one number), longest first. */
  private readonly byStart = new Map<number, string[]>();

  /** Surfaces of at least two characters; where two are as long, the first given wins. */
  constructor(surfaces: Iterable<string>) {
    const ordered = [...surfaces].filter((s) => s.length >= 2).sort((a, b) => b.length - a.length);
    for (const s of ordered) {
      const key = s.charCodeAt(0) * 0x10000 + s.charCodeAt(1);
      const list = this.byStart.get(key);
      if (list) list.push(s);
      else this.byStart.set(key, [s]);
    }
  }

  *matches(text: string): Generator<SurfaceMatch> {
    let p = 0;
    // Whether the character before p is a letter or digit (no match can start at p then).
    let before = false;
    while (p < text.length) {
      if (!before) {
        let found: { surface: string; end: number } | null = null;
        let at = p;
        if (text.charCodeAt(p) === 0x74 && text.startsWith("the", p) && SPACE.test(text[p + 3] ?? "")) {
          let q = p + 3;
          while (q < text.length && SPACE.test(text[q])) q++;
          found = this.surfaceAt(text, q);
          at = q;
        }
        if (!found) {
          found = this.surfaceAt(text, p);
          at = p;
        }
        if (found) {
          yield { offset: at, surface: found.surface };
          p = found.end;
          before = letterOrDigitBefore(text, p);
          continue;
        }
      }
      p++;
      before = letterOrDigitBefore(text, p);
    }
  }

  /** The first surface (longest) standing at `i` as whole words, and where its match ends (after a plural "s"). */
  private surfaceAt(text: string, i: number): { surface: string; end: number } | null {
    if (i + 1 >= text.length) return null;
    const candidates = this.byStart.get(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
    if (!candidates) return null;
    for (const s of candidates) {
      if (!text.startsWith(s, i)) continue;
      const e = i + s.length;
      if (text[e] === "s") {
        if (!letterOrDigitAt(text, e + 1)) return { surface: s, end: e + 1 };
      } else if (!letterOrDigitAt(text, e)) return { surface: s, end: e };
    }
    return null;
  }
}
