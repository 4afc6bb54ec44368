import { RelationKind } from "../../relation/relation-kind";

/**
 * The words that say which kind of relation a clause asserts between countries, after the
 * conventions of the annotated set: trade, investment, energy and financing are ECONOMIC;
 * security or defence pacts, military cooperation, joint exercises and "strategic" ties are
 * STRATEGIC; acts on diplomats (restoring or severing relations, recalling, expelling,
 * summoning) are DIPLOMATIC, a visit or a meeting is not; clashes, exchanges of fire, wars and
 * invasions are CONFLICT; sanctions, embargoes and blockades are SANCTIONS; cultural weeks,
 * festivals and exchanges are CULTURAL. In this order: a clause asserts one kind, the first
 * whose cue it holds ("the economic blockade imposed by the United States on Cuba" is SANCTIONS).
 */
export const CUES: readonly { kind: RelationKind; cue: RegExp; needs?: RegExp }[] = (
  [
    { kind: RelationKind.SANCTIONS, cue: /\b(?:sanction\w*|embargo\w*|blockade)\b/ },
    {
      kind: RelationKind.CONFLICT,
      cue: /\b(?:clash\w*|exchanged (?:\w+ )?fire|fighting|wars?|invasion|invad\w*|attack\w*|shell(?:ed|ing|s)|bomb(?:ed|ing|ings|ard\w*)|artillery|air ?strikes?|hostilities|skirmish\w*|conflict)\b/,
    },
    {
      kind: RelationKind.DIPLOMATIC,
      cue: /\b(?:expel\w*|recall\w*|summon\w*|restor\w*|sever\w*|resum\w*|establish\w*|normali[sz]\w*|broke off|cut off|reopen\w*|upgrad\w*|downgrad\w*|persona non grata|sen(?:t|d|ds|ding)\s+(?:\w+\s+){0,2}back|return(?:ed|ing|s)?)\b/,
      needs: /\b(?:diplomat\w*|ambassadors?|envoys?|high commissioners?|charg[eé]s? d'affaires|embass(?:y|ies)|consulates?)\b/,
    },
    {
      kind: RelationKind.STRATEGIC,
      cue: /\b(?:strategic(?:ally)?|security (?:agreement|pact|accord|deal|cooperation|partnership|memorandum|arrangement|treaty)s?|(?<!self-)defen[cs]e|military|naval|armou?red|arms supplies|joint (?:exercises?|drills?|patrols?|surveillance|military|naval))\b/,
    },
    { kind: RelationKind.CULTURAL, cue: /\b(?:cultur\w*|festivals?|heritage|theat(?:re|er)s?|ballet|concerts?|orchestras?|exhibitions?|films?|cinema)\b/ },
    {
      kind: RelationKind.ECONOMIC,
      cue: /\b(?:trade|trading|traded|commerce|exporters?|importers?|freight|customs|tariffs?|costs?|power (?:plants?|stations?)|solar|grids?|economic|economy|economies|commercial|business|investments?|invest(?:s|ed|ing)?|investors?|exports?|export(?:s|ed|ing)|imports?|import(?:ed|ing)|buyers?|buy(?:s|ing)?|bought|financing|finance[sd]?|credit lines?|lines? of credit|loans?|revenue|tourism|supply(?! (?:boats?|ships?|vessels?|convoys?|missions?|runs?|drops?|flights?)\b)|supplies|supplied|gas|oil|crude|electricity|pipeline)\b/,
    },
  ] as const
).map((c) => ({ ...c, cue: new RegExp(c.cue.source, "g") }));

/** A negation, a threat or a wish before a cue in its clause: "has no diplomatic relations", "threatened", "have to increase". */
export const NEGATION =
  /\b(?:no|not|never|without|neither|nor|denied|denies|ruled out|rules out|whether|if|unless|consider(?:s|ed|ing)?|lift(?:s|ed|ing)?|threaten\w*|should|must|ought to|ha(?:ve|s) to|needs? to|could|might|may|wants? to|wanted to|wish(?:es)? to|hopes? to)\b|n't\b/;

/** Words that stand for the story's main pair of countries: "the two countries", "both sides", "bilateral". */
export const PAIR_ANAPHORA =
  /\b(?:the two (?:\w+ )?(?:countries|nations|sides|governments|states|neighbou?rs|capitals)|both (?:countries|nations|sides|governments)|bilateral)\b/;

/** A cue word that names an office or a body ("Defence Minister", "Trade Ministry") asserts nothing. */
export const IN_A_TITLE =
  /^\s+(?:minister|ministry|ministries|secretary|secretaries|department|committee|council|commission|office|officials?|advisers?|advisors?|spokes\w+|chief|envoy|representative|attach[eé])\b/;
