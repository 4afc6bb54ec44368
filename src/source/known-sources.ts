/**
 * Outlets Newsgraph knows by code, so a dateline code alone names them. An unknown code
 * creates a source named by its code until a story or an editor gives its name.
 */
export const KNOWN_SOURCES: Readonly<Record<string, string>> = {
  IP: "Iran Press",
  IRNA: "Islamic Republic News Agency",
  AFP: "Agence France-Presse",
  AP: "Associated Press",
  RTR: "Reuters",
  DPA: "Deutsche Presse-Agentur",
  EFE: "Agencia EFE",
  ANSA: "ANSA",
  PL: "Prensa Latina",
  TASS: "TASS",
  XH: "Xinhua",
  KYD: "Kyodo News",
  AA: "Anadolu Agency",
  CP: "Caspian Press",
  MW: "Meridian Wire",
  AL: "Atlantic Ledger",
  SNA: "Steppe News Agency",
  LD: "Levant Daily",
  EB: "Eastern Bulletin",
  ND: "Nile Dispatch",
  SCR: "Southern Cross Report",
};
