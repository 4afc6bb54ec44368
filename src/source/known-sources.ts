/**
 * News agencies and outlets Newsgraph knows: the code a story is filed under, the outlet's
 * name, and the other forms datelines print for it ("(Reuters)", "/TASS/.", "(dpa)",
 * "(Prensa Latina)", "Tehran, IRNA --"). A dateline's agency is looked up here, so "(Reuters)"
 * is the source RTR, not an unknown outlet "REUTERS". An unknown code creates a source named by
 * its code until a story or an editor gives its name.
 */
export interface KnownSource {
  code: string;
  name: string;
  /** Other printed forms: short names, acronyms, the name in its own language. */
  printed?: string[];
}

export const SOURCE_DIRECTORY: readonly KnownSource[] = [
  // World and regional wire services.
  { code: "RTR", name: "Reuters", printed: ["Reuters", "Thomson Reuters"] },
  { code: "AP", name: "Associated Press", printed: ["The Associated Press"] },
  { code: "AFP", name: "Agence France-Presse", printed: ["Agence France Presse"] },
  { code: "DPA", name: "Deutsche Presse-Agentur", printed: ["dpa", "dpa-AFX"] },
  { code: "EFE", name: "Agencia EFE", printed: ["EFE"] },
  { code: "ANSA", name: "ANSA", printed: ["Agenzia Nazionale Stampa Associata"] },
  { code: "UPI", name: "United Press International" },
  { code: "BLOOMBERG", name: "Bloomberg", printed: ["Bloomberg News"] },
  { code: "DJ", name: "Dow Jones Newswires", printed: ["Dow Jones"] },
  { code: "IPS", name: "Inter Press Service" },
  { code: "EP", name: "Europa Press", printed: ["Europa Press"] },
  // Asia and the Pacific.
  { code: "XH", name: "Xinhua", printed: ["Xinhua", "Xinhua News Agency", "XINHUA"] },
  { code: "CNS", name: "China News Service" },
  { code: "KYODO", name: "Kyodo News", printed: ["Kyodo", "Kyodo News"] },
  { code: "JIJI", name: "Jiji Press", printed: ["Jiji"] },
  { code: "YONHAP", name: "Yonhap News Agency", printed: ["Yonhap"] },
  { code: "KCNA", name: "Korean Central News Agency" },
  { code: "PTI", name: "Press Trust of India" },
  { code: "IANS", name: "Indo-Asian News Service" },
  { code: "ANI", name: "Asian News International" },
  { code: "UNI", name: "United News of India" },
  { code: "APP", name: "Associated Press of Pakistan" },
  { code: "BSS", name: "Bangladesh Sangbad Sangstha" },
  { code: "RSS", name: "Rastriya Samachar Samiti" },
  { code: "VNA", name: "Vietnam News Agency", printed: ["Vietnam News Agency"] },
  { code: "BERNAMA", name: "Bernama", printed: ["Bernama", "Malaysian National News Agency"] },
  { code: "ANTARA", name: "Antara", printed: ["Antara", "Antara News"] },
  { code: "PNA", name: "Philippine News Agency" },
  { code: "TNA", name: "Thai News Agency" },
  { code: "AKP", name: "Agence Kampuchea Presse" },
  { code: "KPL", name: "Lao News Agency" },
  { code: "MONTSAME", name: "Montsame", printed: ["Montsame"] },
  { code: "AAP", name: "Australian Associated Press" },
  { code: "CNA", name: "Central News Agency" },
  // Russia, Central Asia, the Caucasus, Europe.
  { code: "TASS", name: "TASS", printed: ["ITAR-TASS"] },
  { code: "RIA", name: "RIA Novosti", printed: ["RIA Novosti", "RIA"] },
  { code: "INTERFAX", name: "Interfax", printed: ["Interfax"] },
  { code: "BELTA", name: "BelTA", printed: ["BelTA", "Belta"] },
  { code: "UKRINFORM", name: "Ukrinform", printed: ["Ukrinform"] },
  { code: "KAZINFORM", name: "Kazinform", printed: ["Kazinform"] },
  { code: "UZA", name: "National News Agency of Uzbekistan", printed: ["UzA"] },
  { code: "KABAR", name: "Kabar", printed: ["Kabar"] },
  { code: "KHOVAR", name: "Khovar", printed: ["Khovar"] },
  { code: "AZERTAC", name: "Azertac", printed: ["AZERTAC", "Azertac"] },
  { code: "ARMENPRESS", name: "Armenpress", printed: ["Armenpress"] },
  { code: "PAP", name: "Polish Press Agency", printed: ["Polska Agencja Prasowa"] },
  { code: "CTK", name: "Czech News Agency", printed: ["ČTK"] },
  { code: "MTI", name: "Hungarian News Agency" },
  { code: "BTA", name: "Bulgarian News Agency" },
  { code: "AGERPRES", name: "Agerpres", printed: ["Agerpres"] },
  { code: "HINA", name: "Croatian News Agency" },
  { code: "TANJUG", name: "Tanjug", printed: ["Tanjug"] },
  { code: "ANA", name: "Athens-Macedonian News Agency", printed: ["ANA-MPA"] },
  { code: "LUSA", name: "Lusa", printed: ["Lusa", "Agência Lusa"] },
  { code: "APA", name: "Austria Presse Agentur" },
  { code: "BELGA", name: "Belga", printed: ["Belga"] },
  { code: "ANP", name: "Algemeen Nederlands Persbureau" },
  { code: "NTB", name: "Norsk Telegrambyrå" },
  { code: "TT", name: "Tidningarnas Telegrambyrå" },
  { code: "STT", name: "Finnish News Agency" },
  { code: "PA", name: "PA Media", printed: ["Press Association", "PA Media"] },
  // Middle East and North Africa.
  { code: "IP", name: "Iran Press" },
  { code: "IRNA", name: "Islamic Republic News Agency" },
  { code: "ISNA", name: "Iranian Students' News Agency" },
  { code: "AA", name: "Anadolu Agency", printed: ["Anadolu", "Anadolu Agency", "Anadolu Ajansı"] },
  { code: "SANA", name: "Syrian Arab News Agency" },
  { code: "SPA", name: "Saudi Press Agency" },
  { code: "WAM", name: "Emirates News Agency" },
  { code: "QNA", name: "Qatar News Agency" },
  { code: "KUNA", name: "Kuwait News Agency" },
  { code: "BNA", name: "Bahrain News Agency" },
  { code: "ONA", name: "Oman News Agency" },
  { code: "PETRA", name: "Jordan News Agency", printed: ["Petra"] },
  { code: "NNA", name: "National News Agency" },
  { code: "INA", name: "Iraqi News Agency" },
  { code: "WAFA", name: "WAFA", printed: ["Wafa"] },
  { code: "MENA", name: "Middle East News Agency" },
  { code: "MAP", name: "Maghreb Arabe Presse" },
  { code: "TAP", name: "Tunis Afrique Presse" },
  { code: "LANA", name: "Libyan News Agency" },
  { code: "SUNA", name: "Sudan News Agency" },
  // Sub-Saharan Africa.
  { code: "APS", name: "Agence de Presse Sénégalaise" },
  { code: "NAN", name: "News Agency of Nigeria" },
  { code: "ENA", name: "Ethiopian News Agency" },
  { code: "KNA", name: "Kenya News Agency" },
  { code: "GNA", name: "Ghana News Agency" },
  { code: "ANGOP", name: "Angola Press", printed: ["Angop"] },
  { code: "SAPA", name: "South African Press Association" },
  { code: "AIM", name: "Mozambique News Agency" },
  { code: "TSHN", name: "Tanzania Standard Newspapers" },
  // The Americas.
  { code: "PL", name: "Prensa Latina" },
  { code: "CP", name: "The Canadian Press", printed: ["Canadian Press"] },
  { code: "NTX", name: "Notimex", printed: ["Notimex"] },
  { code: "TELAM", name: "Télam", printed: ["Telam"] },
  { code: "ABR", name: "Agência Brasil", printed: ["Agencia Brasil"] },
  { code: "ANDINA", name: "Andina", printed: ["Andina"] },
  { code: "ABI", name: "Agencia Boliviana de Información" },
  { code: "AVN", name: "Agencia Venezolana de Noticias" },
  // Outlets of the synthetic corpus and the demo set.
  { code: "MW", name: "Meridian Wire" },
  { code: "AL", name: "Atlantic Ledger" },
  { code: "SNA", name: "Steppe News Agency" },
  { code: "LD", name: "Levant Daily" },
  { code: "EB", name: "Eastern Bulletin" },
  { code: "ND", name: "Nile Dispatch" },
  { code: "SCR", name: "Southern Cross Report" },
];

/** Name by code, for every known outlet. */
export const KNOWN_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(SOURCE_DIRECTORY.map((s) => [s.code, s.name]));

/** Folds a printed agency for lookup: case, accents, punctuation and a leading "The" do not count. */
const fold = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/^the\s+/, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");

const byPrinted = new Map<string, KnownSource>();
for (const s of SOURCE_DIRECTORY)
  for (const form of [s.code, s.name, ...(s.printed ?? [])]) if (!byPrinted.has(fold(form))) byPrinted.set(fold(form), s);

/** The known outlet a dateline's printed agency names ("Reuters", "dpa", "Prensa Latina", "XINHUA"), if any. */
export function findKnownSource(printed: string): KnownSource | undefined {
  return byPrinted.get(fold(printed));
}

/**
 * The source code for an agency as printed: the known outlet's code, else the printed form
 * itself in capitals when it is one word ("(Interfax)" → INTERFAX), else its initials
 * ("(Agencia Andina de Noticias)" → AADN).
 */
export function sourceCodeFor(printed: string): string {
  const known = findKnownSource(printed);
  if (known) return known.code;
  const words = printed
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const code = words.length === 1 ? words[0] : words.map((w) => w[0]).join("");
  return code.toUpperCase().slice(0, 20);
}
