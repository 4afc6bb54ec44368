import type { Context } from "../context";
import type { Mention } from "../common/entity-union";
import type { Country } from "../country/country.entity";
import type { Article } from "./article.entity";
import type { Person } from "../person/person.entity";
import type { RelatedLink } from "./related-link";

/** People of an article in order of first mention: read along with it when the request showed them, else batched. */
export function peopleOf(ctx: Context, article: Article): Person[] | Promise<Person[]> {
  return article.people ?? ctx.loaders.article.personMentions.load(article.id).then((rows) => rows.map((r) => r.person));
}

/** Countries of an article in order of first mention (no statement beyond the mentions). */
export function articleCountries(ctx: Context, article: Article): Country[] | Promise<Country[]> {
  const toCountries = (codes: string[]) => codes.flatMap((code) => ctx.countries.get(code) ?? []);
  if (article.countryCodes) return toCountries(article.countryCodes);
  return ctx.loaders.article.countryMentions.load(article.id).then((mentions) => toCountries(mentions.map((m) => m.countryCode)));
}

/** Person and country mentions together, in the order they first appear in the text. */
export async function articleMentions(ctx: Context, articleId: string): Promise<Mention[]> {
  const [personMentions, countryMentions] = await Promise.all([
    ctx.loaders.article.personMentions.load(articleId),
    ctx.loaders.article.countryMentions.load(articleId),
  ]);
  const mentions: Mention[] = personMentions.map(({ mention: m, person }) => ({ entity: person, count: m.count, firstOffset: m.firstOffset, text: m.surface }));
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
