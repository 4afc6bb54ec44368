import { registerEnumType } from "type-graphql";

/** Every typed link Newsgraph knows (SPEC §2). */
export enum RelationKind {
  RELATED_NEWS = "RELATED_NEWS",
  READ_MORE = "READ_MORE",
  STRATEGIC = "STRATEGIC",
  ECONOMIC = "ECONOMIC",
  DIPLOMATIC = "DIPLOMATIC",
  CONFLICT = "CONFLICT",
  SANCTIONS = "SANCTIONS",
  CULTURAL = "CULTURAL",
  ROLE = "ROLE",
}

registerEnumType(RelationKind, { name: "RelationKind", description: "Kind of a typed link." });

/** Orders of a list of relations. */
export enum RelationOrder {
  WEIGHT = "WEIGHT",
  RECENT = "RECENT",
}
registerEnumType(RelationOrder, {
  name: "RelationOrder",
  description: "WEIGHT: most asserted first. RECENT: most recently changed first (a story asserting it arrived, changed or went).",
});

/** Links printed in a story to other stories. */
export const ARTICLE_LINK_KINDS = [RelationKind.RELATED_NEWS, RelationKind.READ_MORE] as const;
/** Links between two countries (stored with the codes in alphabetical order). */
export const COUNTRY_LINK_KINDS = [
  RelationKind.STRATEGIC,
  RelationKind.ECONOMIC,
  RelationKind.DIPLOMATIC,
  RelationKind.CONFLICT,
  RelationKind.SANCTIONS,
  RelationKind.CULTURAL,
] as const;

export const isArticleLinkKind = (kind: RelationKind): boolean =>
  (ARTICLE_LINK_KINDS as readonly RelationKind[]).includes(kind);
export const isCountryLinkKind = (kind: RelationKind): boolean =>
  (COUNTRY_LINK_KINDS as readonly RelationKind[]).includes(kind);
