import { validate } from "class-validator";
import type { Context } from "../context";
import { createLoaders } from "../context";
import { badInput } from "../common/errors";
import { resolveFilter } from "../article/article.service";
import { ArticleFilter } from "../article/article.inputs";
import { hydrate } from "../db/hydrate";
import { Relation } from "../relation/relation.entity";
import type { BackpressureLimits, ChangeFeed } from "./change-feed";
import { articleChangeMatches, relationChangeMatches } from "./change-filter";
import type { ArticleChangeEvent, RelationChangeEvent } from "./change-event";
import { ArticleChangedArgs, RelationChangedArgs } from "./live.inputs";
import { ArticleChange, RelationChange } from "./live.types";

/** What a subscription over WebSocket adds to the request context. */
export interface LiveConnection {
  feed: ChangeFeed;
  limits: BackpressureLimits;
}
export type LiveContext = Context & { live?: LiveConnection };

function liveOf(ctx: LiveContext): LiveConnection {
  if (!ctx.live) throw badInput("Subscriptions are served over WebSocket (graphql-ws protocol) on the GraphQL endpoint");
  return ctx.live;
}

/** Checks raw subscription arguments with their class-validator rules (subscribe functions get them unchecked). */
async function checked<T extends object>(args: T): Promise<T> {
  const problems = await validate(args, { forbidUnknownValues: false });
  const flat = problems.flatMap((p) => [...Object.values(p.constraints ?? {}), ...(p.children ?? []).flatMap((c) => Object.values(c.constraints ?? {}))]);
  if (flat.length) throw badInput(flat.join("; "), { problems: flat });
  return args;
}

/** `articleChanged`: the changes to articles the filter selects, from now on. */
export async function subscribeArticleChanges(ctx: LiveContext, raw: ArticleChangedArgs): Promise<AsyncIterable<ArticleChange>> {
  const args = await checked(Object.assign(new ArticleChangedArgs(), { filter: raw.filter ? Object.assign(new ArticleFilter(), raw.filter) : null }));
  const filter = resolveFilter(ctx, args.filter);
  const live = liveOf(ctx);
  return live.feed.subscribe((e) => (e.kind === "article" && articleChangeMatches(filter, e) ? articleChange(e) : null), live.limits);
}

/** `relationChanged`: relations between the given countries (and of the given kinds) whose weight changed. */
export async function subscribeRelationChanges(ctx: LiveContext, raw: RelationChangedArgs): Promise<AsyncIterable<RelationChange>> {
  const args = await checked(Object.assign(new RelationChangedArgs(), raw));
  const between = (args.between ?? []).map((name) => {
    const country = ctx.countries.find(name);
    if (!country) throw badInput(`Unknown country "${name}"`, { argument: "between" });
    return country.code;
  });
  const filter = { between, kinds: args.kinds ?? [] };
  const live = liveOf(ctx);
  return live.feed.subscribe((e) => (e.kind === "relation" && relationChangeMatches(filter, e) ? relationChange(ctx, e) : null), live.limits);
}

/**
 * Called as each event is resolved: a subscription's context lives as long as the
 * subscription, so its loaders are renewed per event (else an update would be read from the
 * cache of the first event).
 */
export function freshLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.ds);
}

function articleChange(e: ArticleChangeEvent): ArticleChange {
  return Object.assign(new ArticleChange(), { type: e.type, articleId: e.id, at: new Date(e.at) });
}

function relationChange(ctx: Context, e: RelationChangeEvent): RelationChange {
  const r = e.relation;
  const relation = hydrate(ctx.ds, Relation, {
    ...r,
    first_seen_at: new Date(r.first_seen_at),
    last_seen_at: new Date(r.last_seen_at),
    changed_at: new Date(r.changed_at),
  });
  return Object.assign(new RelationChange(), { relation, weight: e.relation.weight, at: new Date(e.at) });
}
