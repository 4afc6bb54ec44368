/**
 * Word lists the people extractor's rules use. Names in the news are often unknown to any
 * lexicon (invented or transliterated), so a person is recognised by context — a role title,
 * an apposition, a speech verb — and capitalised words that are never names are listed here.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Last word of a role title ("Foreign Minister", "Army Chief of Staff", "Member of Parliament"). */
export const ROLE_HEADS = words(`
  President Vice-President Minister Ambassador Envoy Spokesperson Spokesman Spokeswoman Scientist Economist Analyst
  Governor Staff Leader Parliament Secretary Secretary-General Chancellor Premier Chairman Chairwoman Chairperson Chair
  Director Director-General Commander Commander-in-Chief Chief Speaker Mayor General King Queen Emir Sultan Adviser
  Advisor Negotiator Representative Consul Diplomat Researcher Professor Expert Head Coordinator Commissioner Judge
  Prosecutor Lawmaker Senator Deputy Official Officer Correspondent Editor Candidate Founder CEO MP Affairs State
  Attaché Delegate Vice-Chairman Cleric Activist Strategist Prince Princess Reporter Journalist Congresswoman Congressman
  Congressperson Executive Spokesperson Councillor Councilor Archbishop Bishop Patriarch Cardinal`);

/** Words that can come before the head of a role title. */
export const ROLE_MODIFIERS = words(`
  Deputy Vice Prime Foreign Defence Defense Trade Energy Health Finance Interior Economy Economic Oil Petroleum Culture
  Cultural Education Justice Industry Agriculture Labour Labor Transport Tourism Intelligence Security National Special
  Ministry Government Nuclear Chief Senior Central Bank Army Navy Naval Air Force Armed Forces Military Opposition Member
  Supreme Acting Former First Permanent Presidential International Parliamentary Political Regional Top Lead Principal Executive
  Assistant Associate Environment Water Science Communications Information Sports Youth Development Housing Planning
  Commerce Mines Attorney Police Joint Chiefs Cabinet House Senate Council Assembly Majority Minority Party Revolutionary
  Guard Guards Judiciary Human Rights Women Research Policy Strategic Market Investment Aviation Atomic Industries Crown`);

/**
 * Religious, honorary and noble titles: kept in a one-word name ("Imam Khomeini", "Ayatollah
 * Sistani"), dropped before a full name ("Mawlawi Abdul Basir Hamdard", "Datuk Seri Anwar Ibrahim").
 */
export const NAME_TITLES = words(
  `Imam Ayatollah Grand Sheikh Shaykh Hojatoleslam Pope Rabbi Cardinal Patriarch Archbishop Bishop Reverend Mufti Mullah
  Mawlawi Maulvi Maulana Mawlana Datuk Dato Datin Tun Seri Baroness Baron Viscount Earl Duke Duchess Marquess Sayyed Sayyid`,
);

/**
 * Military ranks written out before a name: kept out of it ("Rear Admiral Mohammad-Reza
 * Dehghani-Firouzabadi", "Air Chief Marshal Vinod Deshmukh") and the person's role when the
 * text gives no other. "General" is also an office head (see ROLE_HEADS).
 */
export const RANK_HEADS = words(`General Admiral Commodore Colonel Lieutenant Captain Brigadier Marshal Sergeant Corporal`);

/** Words that open a rank before its head: "Rear Admiral", "Air Chief Marshal", "Lieutenant General". */
export const RANK_MODIFIERS = words(`Rear Vice Air Field Fleet Lieutenant Major Brigadier Flight Wing`);

/** Courtesy titles dropped from a name ("Mr Raisi" is Raisi). */
export const COURTESY_TITLES = words(`Mr Mrs Ms Miss Dr Prof Sir Dame Lady Lord Mr. Mrs. Ms. Dr. Prof.`);

/** Lower-case particles inside a name ("Mohammed bin Salman", "Ursula von der Leyen"). */
export const NAME_PARTICLES = words(`bin ibn bint ben al el de del della der den di du da dos das do van von la le los las ter`);

/**
 * Abbreviated titles before a name and the office they stand for ("Gov. Oleh Marchenko", "State
 * Sen. Jordan Ellis"); ranks give no office ("Air force spokesman Col. Serhiy Bondarchuk").
 */
export const ABBREVIATED_TITLES: Readonly<Record<string, string | null>> = {
  Gov: "Governor",
  Sen: "Senator",
  Rep: "Representative",
  Amb: "Ambassador",
  Pres: "President",
  Gen: null,
  Adm: null,
  Col: null,
  Lt: null,
  Maj: null,
  Capt: null,
  Sgt: null,
  Cmdr: null,
  Brig: null,
  Gens: null,
  Adml: null,
  Cpl: null,
  Pvt: null,
};

/** Heads of titles that say whom someone speaks for, not what office they hold: "Foreign Ministry spokesman" is a Spokesman. */
export const SPOKESPERSON_HEADS = words(`Spokesman Spokeswoman Spokesperson`);

/** Words before a role that place it in a state's institutions: such an office with no country stated is the dateline country's. */
export const STATE_INSTITUTIONS = words(`Ministry Government Army Navy Air Force Forces Military Police Guard Guards
  Cabinet Presidency Kremlin Self-Defense Self-Defence Defense Defence Interior`);

/** Political party words: "Republican Congresswoman" holds the office "Congresswoman". */
export const PARTY_WORDS = words(`Republican Democratic Democrat Conservative Labour Liberal Socialist Communist Green Independent`);

/** Offices of a government: held unqualified in a story, they belong to the dateline's country. */
export const GOVERNMENT_HEADS = words(`President Vice-President Minister Premier Secretary Governor Senator Representative
  Congresswoman Congressman Congressperson Lawmaker Mayor Chancellor Leader Councillor Councilor
  King Queen Emir Sultan Prince Princess`);

/** Royal titles that also name streets, bridges and mosques after a ruler ("Jalan Sultan Ahmad Shah", "King Fahd Causeway"). */
export const ROYAL_HEADS = words(`Sultan King Queen Emir Prince Princess Shah`);

/**
 * Verbs that attribute speech when they come before the speaker ("said Ebrahim Raisi"). Verbs
 * that take an object ("told Al Jazeera", "visited Sheikh Zayed Grand Mosque") are not among
 * them: what follows those is as often an outlet or a place as a person.
 */
export const INVERTED_SPEECH_VERBS = words(`said says stated added noted wrote declared replied continued explained asked`);

/**
 * Last words of the names of organisations, buildings and places ("Northgate Capital",
 * "Simón Bolívar International Bridge", "Sheikh Zayed Grand Mosque"): a capitalised run ending
 * in one, or followed by one, names no person.
 */
export const ORGANISATION_HEADS = words(`
  Bank Banks Capital Group Holdings Partners Ventures Investments Securities Industries Corporation Corp Company Co Inc
  Ltd LLC PLC GmbH AG SA Enterprises Associates Consulting Airlines Airways Motors Electric Petroleum Railways Telecom
  Media Studios Foundation Fund Trust Institute Institution University College Academy School Agency Authority Council
  Committee Commission Association Organization Organisation Union Party Movement Front Forum Festival Prize Award Cup
  Bridge Mosque Church Cathedral Temple Shrine Palace Hall Tower Building Centre Center Museum Gallery Library Stadium
  Arena Airport Station Hospital Clinic Square Street Avenue Boulevard Highway Road Zone Delta River Basin Dam Canal
  Times Post Journal Review Herald Tribune Gazette Telegraph Network Force Forces Army Navy Corps Police Ministry Department
  Office Service Services Command Parliament Assembly Congress Senate Court Government Theatre Theater Opera Chamber
  Chambers Valley Lake Island Islands Mountains Peninsula Strait Sea Ocean Desert Province Region District County
  Prefecture Préfecture Causeway Port Harbour Harbor Terminal Gardens Bazaar Souk Plaza Mall Market Exchange Prison
  Base Cemetery Expressway Corridor Railway Board Bureau`);

/** Verbs that attribute speech: a capitalised pair of words next to one is a speaker. */
export const SPEECH_VERBS = words(`
  said says say stated states told tells added adds noted notes stressed stresses announced announces warned warns
  explained explains emphasised emphasized emphasises emphasizes urged urges declared declares insisted insists argued
  argues wrote writes replied replies continued continues commented comments asserted asserts affirmed affirms
  underlined underlines highlighted highlights reiterated reiterates remarked remarks pointed observed added recalled
  recalls acknowledged acknowledges confirmed confirms denied denies rejected rejects called calls vowed vows pledged
  pledges expressed expresses welcomed welcomes criticised criticized condemned condemns praised praises met meets
  visited visits arrived arrives`);

/** Words between a name and a speech verb ("Raisi also said", "Raisi has said"). */
export const SPEECH_ADVERBS = words(
  `also has had have later then further again earlier once on Saturday Sunday Monday Tuesday Wednesday Thursday Friday`,
);

/**
 * Capitalised words that are never part of a person's name: function words, sentence
 * openers, calendar words, organisation and place words, layout labels.
 */
export const NOT_NAME_WORDS = words(`
  The A An This That These Those It Its He She They We I You His Her Their Our My Your Him Them Us Me Who Whom Whose
  In On At By For From To With Of And But Or Nor As If When While After Before Since During Under Over Into About Upon
  Meanwhile Separately However Also Speaking According Officials Analysts Observers Both All Any Each Some Many Most
  Other Such No Not Yes More Read Related Than Then There Here What Which Where Why How Although Though Because Despite
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
  October November December News Press Agency Wire Daily Times Post Journal Report Dispatch Bulletin Ledger Herald
  Ministry Council Committee Commission Organization Organisation Union Party Fund Group University Institute Company
  Corporation Corp Inc Ltd Association Assembly Congress Senate Court Treaty Agreement Accord Forum Summit Conference
  Festival Programme Program Project Initiative Republic Kingdom State States Federation Emirates Islands Nations
  Corps Army Navy Forces Force Police Airlines Airways Airport Port Strait Gulf Sea Ocean River Mountains Square Street
  Palace Hall Center Centre Museum Stadium Hospital School Exchange Market Index Embassy Consulate Office Department
  Authority Service Services Network Channel TV Radio Television Foundation Movement Front Coalition Alliance Community
  Cup League Olympic Olympics Games International National Global World Islamic Revolution Revolutionary Atomic
  Middle East West North South Eastern Western Northern Southern European African Asian Arab Latin Pacific Atlantic
  Caspian Persian Red Black Mediterranean God Allah Quran Koran Christmas Ramadan Eid Nowruz Covid Coronavirus Internet
  Non-Proliferation UNESCO UN NATO EU IAEA OPEC BRICS Supreme Leader Government Parliament Cabinet Security Energy
  Economic Trade Foreign Defence Defense Health Central Bank Nuclear Human Rights Day Week Year Today Yesterday Tomorrow
  Mr Mrs Ms Dr Sir Minister President Ambassador Envoy Spokesperson Spokesman`);

/** Heads that end a role title but do not name a person's office on their own ("Secretary of State"). */
export const NON_PERSON_HEADS = words(`State Affairs Staff Parliament`);

/** Role words never start a name either. */
export const isRoleWord = (w: string): boolean => ROLE_HEADS.has(w) || ROLE_MODIFIERS.has(w);
