import type { Context } from "./context";
import { keyOf } from "./common/global-id";

/**
 * `__resolveReference` for each entity: the gateway's `_entities` representations go through
 * the same per-request DataLoaders, so a batch of references costs one statement per type.
 */
export const entityReferenceResolvers = {
  Article: (ref: { id: string }, ctx: Context) => {
    const key = keyOf("Article", ref.id);
    return key ? ctx.loaders.article.byId.load(key) : null;
  },
  Person: (ref: { id: string }, ctx: Context) => {
    const key = keyOf("Person", ref.id);
    return key ? ctx.loaders.person.byId.load(key) : null;
  },
  Relation: (ref: { id: string }, ctx: Context) => {
    const key = keyOf("Relation", ref.id);
    return key ? ctx.loaders.relation.byId.load(key) : null;
  },
  Country: (ref: { code: string }, ctx: Context) => ctx.countries.find(ref.code) ?? null,
  Source: (ref: { code: string }, ctx: Context) => ctx.loaders.source.byCode.load(ref.code),
};
