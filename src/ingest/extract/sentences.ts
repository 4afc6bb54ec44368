/** A sentence of a text, with where it starts in that text. */
export interface Sentence {
  text: string;
  offset: number;
}

/** Words whose final period does not end a sentence ("Mr. Raisi", "Gen. Bagheri", "No. 5"). */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  `mr mrs ms dr prof st gen col lt maj capt sgt gov sen rep rev jr sr inc co corp ltd no vs etc jan feb mar apr
  jun jul aug sep sept oct nov dec`.split(/\s+/),
);

/** A period after a single capital letter ("U.S.", "J. Smith") or a listed abbreviation. */
function isAbbreviation(before: string): boolean {
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? "";
  if (/(?:^|\.)\p{Lu}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Splits one paragraph into sentences: a sentence ends at . ! or ? (and any closing quote)
 * followed by white space and a capital letter, digit or opening quote.
 */
export function splitSentences(paragraph: string, base = 0): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /[.!?]+["”’')]*(?=\s+["“‘(]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const m of paragraph.matchAll(boundary)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith(".") && m[0].length === 1 && isAbbreviation(paragraph.slice(start, m.index))) continue;
    pushSentence(sentences, paragraph, start, end, base);
    start = end;
  }
  pushSentence(sentences, paragraph, start, paragraph.length, base);
  return sentences;
}

function pushSentence(out: Sentence[], paragraph: string, start: number, end: number, base: number): void {
  const raw = paragraph.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text) out.push({ text, offset: base + start + lead });
}

/** Sentences of a story text whose paragraphs are joined with "\n\n" (offsets into that text). */
export function textSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  for (const paragraph of text.split("\n\n")) {
    out.push(...splitSentences(paragraph, offset));
    offset += paragraph.length + 2;
  }
  return out;
}

/**
 * The text with every quoted passage ("…" or “…”) replaced by spaces, so offsets stay valid:
 * what a speaker says is an opinion, not a fact the story reports. Works per paragraph, so an
 * unbalanced quote mark cannot blank the rest of the story.
 */
export function blankQuotes(text: string): string {
  return text
    .split("\n\n")
    .map((p) => p.replace(/"[^"\n]*"|“[^“”\n]*”/g, (q) => " ".repeat(q.length)))
    .join("\n\n");
}
