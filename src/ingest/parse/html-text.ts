/** HTML fragments (feed descriptions and contents) read as plain text paragraphs. Pure. */

/** Named entities met in news feeds; numeric references are decoded in general. */
// prettier-ignore
const NAMED: ReadonlyMap<string, string> = new Map(Object.entries({
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", shy: "", ensp: " ", emsp: " ", thinsp: " ",
  mdash: "—", ndash: "–", minus: "−", hellip: "…", bull: "•", middot: "·", deg: "°", times: "×", divide: "÷",
  lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", laquo: "«", raquo: "»",
  lsaquo: "‹", rsaquo: "›", prime: "′", Prime: "″", copy: "©", reg: "®", trade: "™", sect: "§", para: "¶",
  euro: "€", pound: "£", yen: "¥", cent: "¢", frac12: "½", frac14: "¼", frac34: "¾", iexcl: "¡", iquest: "¿",
  aacute: "á", eacute: "é", iacute: "í", oacute: "ó", uacute: "ú", agrave: "à", egrave: "è", ograve: "ò",
  acirc: "â", ecirc: "ê", ocirc: "ô", auml: "ä", euml: "ë", iuml: "ï", ouml: "ö", uuml: "ü", ccedil: "ç",
  ntilde: "ñ", atilde: "ã", otilde: "õ", aring: "å", oslash: "ø", aelig: "æ", szlig: "ß",
  Aacute: "Á", Eacute: "É", Iacute: "Í", Oacute: "Ó", Uacute: "Ú", Auml: "Ä", Ouml: "Ö", Uuml: "Ü",
  Ccedil: "Ç", Ntilde: "Ñ",
}));
/** What browsers read for the C1 code points of `&#128;`–`&#159;` (Windows-1252). */
const CP1252 = "€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ";

function codePoint(n: number): string {
  if (n >= 0x80 && n <= 0x9f) return CP1252[n - 0x80];
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(n);
}

/** Decodes HTML entities: the common named ones and every numeric one; unknown names stay. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED.get(ref) ?? whole;
    return codePoint(ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });
}

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const XML_ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;

/**
 * The text of a raw XML element body: CDATA sections verbatim, the five XML entities and
 * numeric references decoded elsewhere. HTML named entities (`&nbsp;`) are left for the HTML
 * step, so an escaped `&amp;lt;` stays the text `&lt;`.
 */
export function unescapeXml(raw: string): string {
  let out = "";
  let last = 0;
  const decode = (s: string): string =>
    s.replace(XML_ENTITY, (_, ref: string) =>
      ref[0] === "#" ? codePoint(ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : NAMED.get(ref)!,
    );
  for (const m of raw.matchAll(CDATA)) {
    out += decode(raw.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return out + decode(raw.slice(last));
}

/** Elements dropped with everything inside them. */
const DROPPED = /<(script|style|noscript|template|nav|svg|iframe)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Tags that end a paragraph: blocks, line breaks, headings, list items, table rows. */
const BREAK =
  /<\/?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|section|article|header|footer|aside|figure|figcaption|table|thead|tbody|tr|main)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** Any other tag, with attributes that may hold `>` inside quotes. */
const TAG = /<\/?[A-Za-z][\w:-]*(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const PARAGRAPH_MARK = "\u0000";

/** Lines that are site furniture, not story text. */
const BOILERPLATE: readonly RegExp[] = [
  /^the post .+ appeared first on .+$/i,
  /^(?:\[|\()?(?:read more|continue reading|read the full (?:story|article)|click here to read more)\b.{0,100}$/i,
  /^(?:advertisement|share this:?|like this:?|loading…?|\[…\]|\[\.\.\.\])$/i,
];
/** A "Continue reading →" or "[Read more…]" link glued after the last sentence of a paragraph. */
const TRAILING_MORE = /([.!?…]["”’)]?)\s+[[(]?(?:read more|continue reading)\b[^.!?]{0,80}$/i;

/** True for a paragraph that is navigation or a scraping artifact ("Read more", "The post … appeared first on …"). */
export const isBoilerplate = (paragraph: string): boolean => BOILERPLATE.some((re) => re.test(paragraph));

/** Folds white space (NBSP included), NFC, drops boilerplate lines and empty paragraphs. */
export function cleanParagraphs(parts: readonly string[]): string[] {
  return parts
    .map((p) => p.normalize("NFC").replace(/\s+/g, " ").trim().replace(TRAILING_MORE, "$1"))
    .filter((p) => p.length > 0 && !isBoilerplate(p));
}

/**
 * HTML as paragraphs of text: comments, scripts, styles and navigation dropped, split at
 * block tags and line breaks, other tags stripped, entities decoded, white space folded,
 * empty and boilerplate paragraphs dropped.
 */
export function htmlToParagraphs(html: string): string[] {
  const text = html
    .replace(CDATA, "$1")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(DROPPED, PARAGRAPH_MARK)
    .replace(BREAK, PARAGRAPH_MARK)
    .replace(TAG, "");
  return cleanParagraphs(decodeEntities(text).split(PARAGRAPH_MARK));
}

/** Plain text (no markup) as paragraphs: split at blank lines. */
export const textToParagraphs = (text: string): string[] => cleanParagraphs(text.split(/\r?\n\s*\r?\n/));

/** A short text at most `max` characters, cut at a word boundary with an ellipsis. */
export function shorten(text: string, max = 300): string {
  const t = text.replace(/\s*(?:\[(?:…|\.\.\.)\]|…|\.\.\.)$/u, "…").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, "") + "…";
}
