import { countryEndingAt, countryStartingAt, isPossessive, joined, type Token } from "./person-tokens";
import { isKnownNonName, isNameOrDemonym } from "./people-nlp";
import { NOT_NAME_WORDS, PARTY_WORDS, ROLE_HEADS, ROLE_MODIFIERS } from "./person-vocabulary";

/** A role title found in a text: the title, its country when the text says it, and its token range. */
export interface RoleMatch {
  role: string;
  country: string | null;
  first: number;
  next: number;
}

const SMALL_WORDS = new Set(["of", "the", "for", "and", "to"]);
const titleCase = (w: string): string => (SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1));
const capital = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
const isHead = (w: string): boolean => ROLE_HEADS.has(w) || (w === w.toLowerCase() && ROLE_HEADS.has(capital(w)));
const isModifier = (w: string): boolean => ROLE_MODIFIERS.has(w) || (w === w.toLowerCase() && ROLE_MODIFIERS.has(capital(w)));
const roleText = (tokens: readonly Token[], first: number, next: number): string =>
  tokens
    .slice(first, next)
    .map((t) => titleCase(t.text))
    .join(" ");

/**
 * A capitalised common word in a title that no list names ("Mining Minister", "Power Minister",
 * "Human Resources Minister"): known to the lexicon, not as a name; no country, no party.
 */
const isOpenModifier = (t: Token | undefined): boolean =>
  !!t &&
  !t.country &&
  /^\p{Lu}\p{Ll}+$/u.test(t.text) &&
  !PARTY_WORDS.has(t.text) &&
  !NOT_NAME_WORDS.has(t.text) &&
  !isNameOrDemonym(t.text) &&
  (isKnownNonName(t.text) || isKnownNonName(t.text.replace(/s$/, "")) || COMMON_NOUN_ENDING.test(t.text));
/** Endings of English common nouns and adjectives ("Commerce", "Industry", "Logistics", "International"). */
const COMMON_NOUN_ENDING = /(?:ion|ment|ce|ry|ics|ism|ing|ure|ty|ship|ness|ces|al|ure|port)$/;

/** Country written just before token i: "Kazakh Ambassador", "Iran's President", "the United States' Envoy". */
export function countryBefore(tokens: readonly Token[], i: number): { code: string; first: number } | null {
  const poss = isPossessive(tokens[i - 1]) ? 1 : 0;
  return countryEndingAt(tokens, i - 1 - poss);
}

/** A role title ending just before token `end` ("Army Chief of Staff" before "Rilo Ivberg"). */
export function roleBefore(text: string, tokens: readonly Token[], end: number): RoleMatch | null {
  let first = end - 1;
  if (first < 0 || !isHead(tokens[first].text)) return null;
  while (first > 0 && joined(text, tokens[first - 1], tokens[first])) {
    const w = tokens[first - 1].text;
    if (isHead(w) || isModifier(w) || isOpenModifier(tokens[first - 1])) first--;
    else if (w === "of" && first > 1 && (isHead(tokens[first - 2].text) || isModifier(tokens[first - 2].text))) first -= 2;
    // "Commerce and Industry Minister", "Business and Trade Secretary".
    else if (
      w === "and" &&
      first > 1 &&
      /^\p{Lu}/u.test(tokens[first].text) &&
      (isModifier(tokens[first - 2].text) || isOpenModifier(tokens[first - 2]))
    )
      first -= 2;
    else break;
  }
  // A capitalised title, or its lower-case tail ("the new ambassador", "White House spokesperson").
  if (/^\p{Ll}/u.test(tokens[end - 1].text)) {
    while (first < end - 1 && /^\p{Lu}/u.test(tokens[first].text)) first++;
  } else if (tokens.slice(first, end).some((t) => t.text !== "of" && t.text !== "and" && /^\p{Ll}/u.test(t.text))) return null;
  const country = countryBefore(tokens, first);
  return { role: roleText(tokens, first, end), country: country?.code ?? null, first: country?.first ?? first, next: end };
}

/** A role title starting at token `start` ("Ambassador", "Member of Parliament"): its end is `next`. */
export function roleAfter(text: string, tokens: readonly Token[], start: number): RoleMatch | null {
  let next = start;
  let lastHead = -1;
  while (next < tokens.length && (next === start || joined(text, tokens[next - 1], tokens[next]))) {
    const w = tokens[next].text;
    if (w === "of" && next > start && isModifier(tokens[next + 1]?.text ?? "")) next++;
    else if (w === "of" && next > start && isHead(tokens[next + 1]?.text ?? "")) next++;
    else if (isHead(w) || isModifier(w)) {
      if (isHead(w)) lastHead = next + 1;
      next++;
    } else break;
  }
  if (lastHead < 0) return null;
  return { role: roleText(tokens, start, lastHead), country: null, first: start, next: lastHead };
}

/**
 * Role and country said around a name at tokens [start, end): "<Demonym> <Role> Name",
 * "<role> of <Country>, Name", "Name, <Country>'s <Role>,", "Name, the <Demonym> <role>",
 * "Name, <role> of <Country>", "<Role> Name of <Country>".
 */
export function roleAround(
  text: string,
  tokens: readonly Token[],
  start: number,
  end: number,
): { role: string | null; country: string | null } {
  let role: string | null = null;
  let country: string | null = null;
  const before = roleBefore(text, tokens, start);
  if (before) ({ role, country } = before);

  // "<role> of (the) <Country>(,) Name": "the new ambassador of the Republic of Cuba Alberto Gonzalez".
  if (!role) {
    let k = start - 1;
    if (tokens[k]?.text === ",") k--;
    const c = countryEndingAt(tokens, k);
    if (c) {
      let j = c.first - 1;
      if (tokens[j]?.text.toLowerCase() === "the") j--;
      if (tokens[j]?.text === "of" || tokens[j]?.text === "to") {
        const r = roleBefore(text, tokens, j);
        if (r) ({ role, country } = { role: r.role, country: tokens[j].text === "of" ? c.code : r.country });
      }
    }
  }

  // "Name, <Country>'s <Role>," / "Name, the <Demonym> <Role>," / "Name, <role> of <Country>,".
  if (tokens[end]?.text === ",") {
    let k = end + 1;
    if (/^(the|a|an)$/i.test(tokens[k]?.text ?? "")) k++;
    const c = countryStartingAt(tokens, k);
    if (c) {
      const r = roleAfter(text, tokens, c.next + (isPossessive(tokens[c.next]) ? 1 : 0));
      if (r) return { role: role ?? r.role, country: country ?? c.code };
    } else {
      const r = roleAfter(text, tokens, k);
      if (r) {
        role ??= r.role;
        if (tokens[r.next]?.text === "of")
          country ??= countryStartingAt(tokens, r.next + (tokens[r.next + 1]?.text === "the" ? 2 : 1))?.code ?? null;
      }
    }
  }

  // "<Role> Name of <Country>".
  if (role && !country && tokens[end]?.text === "of") {
    country = countryStartingAt(tokens, end + (tokens[end + 1]?.text.toLowerCase() === "the" ? 2 : 1))?.code ?? null;
  }
  return { role, country };
}
