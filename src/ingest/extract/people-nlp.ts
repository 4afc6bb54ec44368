import type nlpType from "compromise";

/**
 * compromise, loaded on first use: only ingest needs it, and a server that only reads should
 * not carry its lexicon in memory.
 */
let loaded: typeof nlpType | null = null;
function nlp(): typeof nlpType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("compromise") as typeof nlpType;
  return loaded;
}

/**
 * Lexicon tags of words that do not start a name: "Yesterday", "Meanwhile", "Former". Singular
 * nouns are not among them, as many are also given names ("Halo", "Hope", "Rose").
 */
const NOT_NAME_TAGS: ReadonlySet<string> = new Set(
  `Adverb Date WeekDay Month Determiner Preposition Conjunction Pronoun Gerund Verb Infinitive PastTense
  PresentTense Modal Auxiliary Copula Adjective Comparative Superlative Value Cardinal Ordinal QuestionWord
  Expression Plural`.split(/\s+/),
);

let lexicon: Record<string, string | string[]> | null = null;
/** compromise's word list (about 25,000 English words with their tags), loaded once. */
function words(): Record<string, string | string[]> {
  lexicon ??= (nlp().model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  return lexicon;
}

/**
 * A common English word (not a name): "Yesterday", "Meanwhile", "Emphasizing". Used on the
 * first word of a sentence, where capitals say nothing about names.
 */
export function isCommonWord(word: string): boolean {
  const tags = words()[word.toLowerCase()];
  if (tags === undefined) return word.length > 4 && /(?:ing|ly)$/.test(word);
  return (Array.isArray(tags) ? tags : [tags]).some((t) => NOT_NAME_TAGS.has(t));
}

const NAME_TAGS = new Set(["FirstName", "MaleName", "FemaleName", "LastName", "Person", "Honorific", "ProperNoun"]);

/** A word the lexicon knows, but not as a name: "Building" after "Empire State" is no surname. */
export function isKnownNonName(word: string): boolean {
  const tags = words()[word.toLowerCase()];
  return tags !== undefined && !(Array.isArray(tags) ? tags : [tags]).some((t) => NAME_TAGS.has(t));
}

/** A word the lexicon knows as a name or a demonym ("Philippine", "Maria"). */
export function isNameOrDemonym(word: string): boolean {
  const tags = words()[word.toLowerCase()];
  return tags !== undefined && (Array.isArray(tags) ? tags : [tags]).some((t) => NAME_TAGS.has(t) || t === "Demonym");
}

/**
 * Names compromise tags as people in `text` (its NLP knows common first and last names); a
 * second opinion for capitalised words that no rule explains. Punctuation trimmed.
 */
export function compromisePeople(text: string): Set<string> {
  const found = new Set<string>();
  for (const name of nlp()(text).people().out("array") as string[]) {
    const clean = name
      .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "")
      .replace(/['’]s$/u, "")
      .trim();
    if (clean.includes(" ")) found.add(clean);
  }
  return found;
}

/** A capitalised word that could be a surname: unknown to the lexicon, or known as a name, and no country or place. */
export function isSurnameLike(word: string): boolean {
  const tags = words()[word.toLowerCase()];
  if (tags === undefined) return true;
  return (Array.isArray(tags) ? tags : [tags]).some((t) => t === "LastName" || t === "FirstName" || t === "MaleName" || t === "FemaleName" || t === "Person");
}

/** Lexicon tags of words that never describe an office or a body: verbs in a tense, function words, adverbs. */
const NOT_DESCRIPTIVE_TAGS: ReadonlySet<string> = new Set(
  `PastTense PresentTense Gerund Preposition Determiner Pronoun Conjunction Adverb Copula Modal Auxiliary QuestionWord
  Possessive Date WeekDay Month Value Cardinal Ordinal`.split(/\s+/),
);

/**
 * A lower-case word that can describe an office or its body: "festival" of "festival director",
 * "municipal" and "transport" of "councillor for transport"; not a verb in a tense ("visited"),
 * a function word or an adverb. `nounOnly` also leaves out adjectives ("new director").
 */
export function isDescriptiveWord(word: string, nounOnly = false): boolean {
  if (!/^\p{Ll}{3,}$/u.test(word)) return false;
  const tags = words()[word];
  if (tags === undefined) return !/(?:ed|ing|ly)$/.test(word);
  const list = Array.isArray(tags) ? tags : [tags];
  return !list.some((t) => NOT_DESCRIPTIVE_TAGS.has(t) || (nounOnly && (t === "Adjective" || t === "Comparative" || t === "Superlative")));
}
