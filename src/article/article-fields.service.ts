import type { Context } from "../context";
import type { Mention } from "../common/entity-union";
import type { Country } from "../country/country.entity";
import type { Person } from "../person/person.entity";
import type { RelatedLink } from "./related-link";

/** People of an article in order of first mention (one batched statement for the mentions). */
export async function articlePeople(ctx: Context, articleId: string): Promise<Person[]> {
  const mentions = await ctx.loaders.article.personMentions.load(articleId);
  const people = await ctx.loaders.person.byId.loadMany(mentions.map((m) => m.personId));
  return people.filter((p): p is Person => p !== null && !(p instanceof Error));
}

/** Countries of an article in order of first mention (no statement beyond the mentions). */
export async function articleCountries(ctx: Context, articleId: string): Promise<Country[]> {
  const mentions = await ctx.loaders.article.countryMentions.load(articleId);
  return mentions.flatMap((m) => ctx.countries.get(m.countryCode) ?? []);
}

/** Person and country mentions together, in the order they first appear in the text. */
export async function articleMentions(ctx: Context, articleId: string): Promise<Mention[]> {
  const [personMentions, countryMentions] = await Promise.all([
    ctx.loaders.article.personMentions.load(articleId),
    ctx.loaders.article.countryMentions.load(articleId),
  ]);
  const people = await ctx.loaders.person.byId.loadMany(personMentions.map((m) => m.personId));
  const mentions: Mention[] = [];
  personMentions.forEach((m, i) => {
    const person = people[i];
    if (person && !(person instanceof Error)) mentions.push({ entity: person, count: m.count, firstOffset: m.firstOffset, text: m.surface });
  });
  for (const m of countryMentions) {
    const country = ctx.countries.get(m.countryCode);
    if (country) mentions.push({ entity: country, count: m.count, firstOffset: m.firstOffset, text: m.surface });
  }
  return mentions.sort((a, b) => a.firstOffset - b.firstOffset);
}

/** The first `first` printed links; a pending one has `article: null` and keeps its printed title. */
export async function relatedLinks(ctx: Context, articleId: string, first: number): Promise<RelatedLink[]> {
  const links = await ctx.loaders.article.links.load(articleId);
  return links.slice(0, first).map(({ relation, target }) => ({
    kind: relation.kind,
    title: relation.title ?? target?.headline ?? relation.targetRef!.replace(/^\w+:/, ""),
    article: target,
  }));
}
