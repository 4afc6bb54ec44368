import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import { slugify } from "../normalize";
import { rowsOf, type RoundStory } from "./round";

/** A person's identity: normalized name and country (one row of people each). */
export const personKey = (key: string, country: string | null) => `${key}|${country ?? ""}`;
/** The slug a new person row wants (before any suffix that tells it from another person's). */
export const wantedPersonSlug = (p: { name: string; country: string | null }): string => slugify(p.country ? `${p.name} ${p.country}` : p.name);
/** The slug suffix that tells one person from another of the same slug: as the SQL below makes it. */
const identitySuffix = (key: string, country: string | null): string => createHash("md5").update(`${key}|${country ?? ""}`).digest("hex").slice(0, 6);

/**
 * Upserts the people of a round in one statement: one row per normalized name and country,
 * except a name and country merged into another person (person_aliases), which is that person.
 * Stories later in the batch win as they would one by one: the first name and slug stay, the
 * last role given wins, aliases add up (kept sorted, so the result does not depend on order).
 * A stored person the round says nothing new of is not written again (peopleToWrite).
 */
export async function upsertPeople(m: EntityManager, round: RoundStory[]): Promise<void> {
  const people = new Map<string, WantedPerson>();
  for (const r of round) {
    for (const p of r.story.people) {
      const k = personKey(p.key, p.country);
      const seen = people.get(k);
      if (!seen) people.set(k, { slug: wantedPersonSlug(p), name: p.name, key: p.key, aliases: new Set(p.aliases), role: p.role, country: p.country });
      else {
        for (const a of p.aliases) seen.aliases.add(a);
        if (p.role !== null) seen.role = p.role;
      }
    }
  }
  if (people.size === 0) {
    for (const r of round) r.personIds = [];
    return;
  }
  const list = [...people.values()];
  // Two people of a round whose names read alike in Latin letters ("王毅", "王义") get distinct slugs.
  const slugs = new Set<string>();
  for (const p of list) {
    if (slugs.has(p.slug)) p.slug = `${p.slug}-${identitySuffix(p.key, p.country)}`;
    slugs.add(p.slug);
  }
  const ids = new Map<string, string>();
  const write = await peopleToWrite(m, list, ids);
  // A name merged into another person (person_aliases) is that person: no row of its own.
  const rows: { id: string; name_key: string; country_code: string | null }[] = write.length === 0 ? [] : await m.query(
    `WITH t AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                AS t(slug, name, name_key, aliases, role, country, n)),
     r AS (SELECT t.*, al.person_id AS alias_of FROM t
           LEFT JOIN person_aliases al ON al.name_key = t.name_key AND coalesce(al.country_code, '') = coalesce(t.country, '')),
     ins AS (
       INSERT INTO people (slug, name, name_key, aliases, role, country_code)
       SELECT CASE WHEN EXISTS (SELECT 1 FROM people x WHERE x.slug = r.slug) -- taken by someone else: a suffix of this identity
                THEN r.slug || '-' || left(md5(r.name_key || '|' || coalesce(r.country, '')), 6) ELSE r.slug END,
              r.name, r.name_key, ARRAY(SELECT DISTINCT a FROM unnest(string_to_array(r.aliases, E'\\x1f')) a WHERE a <> '' ORDER BY a), r.role, r.country
       FROM r WHERE r.alias_of IS NULL
       ORDER BY r.name_key, r.country -- one lock order for every writer: concurrent ingests do not deadlock
       ON CONFLICT (name_key, (coalesce(country_code, ''))) DO UPDATE SET
         role = coalesce(excluded.role, people.role),
         aliases = ARRAY(SELECT DISTINCT a FROM unnest(people.aliases || excluded.aliases) a ORDER BY a)
       -- Most people of a batch are stored already with that role and those aliases: no new row version.
       WHERE people.role IS DISTINCT FROM coalesce(excluded.role, people.role) OR NOT people.aliases @> excluded.aliases
       RETURNING id, name_key, country_code),
     kept AS ( -- the last role given under a merged name wins, as under the kept name (unless named itself); its name is an alias already
       UPDATE people p SET role = coalesce(x.role, p.role)
       FROM (SELECT r.alias_of, (array_agg(r.role ORDER BY r.n DESC) FILTER (WHERE r.role IS NOT NULL))[1] AS role
             FROM r WHERE r.alias_of IS NOT NULL GROUP BY r.alias_of) x
       WHERE p.id = x.alias_of AND x.role IS NOT NULL AND p.role IS DISTINCT FROM x.role
         AND NOT EXISTS (SELECT 1 FROM r n WHERE n.alias_of IS NULL AND n.name_key = p.name_key AND coalesce(n.country, '') = coalesce(p.country_code, '')))
     SELECT id, name_key, country_code FROM ins
     UNION ALL SELECT alias_of, name_key, country FROM r WHERE alias_of IS NOT NULL`,
    [
      write.map((p) => p.slug),
      write.map((p) => p.name),
      write.map((p) => p.key),
      write.map((p) => [...p.aliases].join("\x1f")), // every alias, unit-separated (no text[][] params)
      write.map((p) => p.role),
      write.map((p) => p.country),
    ],
  );
  for (const row of rows) ids.set(personKey(row.name_key, row.country_code), row.id);
  // A person the upsert left as it was (another writer stored them as this round wants them,
  // after they were read above): read again, in a statement that sees that commit.
  const missing = list.filter((p) => !ids.has(personKey(p.key, p.country)));
  if (missing.length) {
    for (const s of await readStoredPeople(m, missing)) if (s.id) ids.set(personKey(missing[s.i - 1].key, missing[s.i - 1].country), s.id);
  }
  for (const r of round) {
    r.personIds = r.story.people.map((p) => ids.get(personKey(p.key, p.country))!);
    collapseSamePerson(r);
  }
}

interface WantedPerson {
  slug: string;
  name: string;
  key: string;
  aliases: Set<string>;
  role: string | null;
  country: string | null;
}

/**
 * The people of a round that need writing: new ones, and stored ones given another role or a
 * new alias. The others (most of a load's: the same people are named over and over) are read
 * here, without a lock, and their ids put in `ids`. Upserted, even to be left as they were,
 * their rows were locked to the end of the transaction, and two writers naming the same people
 * queued on each other for whole batches. A round naming someone under a merged name (person_aliases)
 * is written whole, as the one statement below orders roles between the two names.
 */
async function peopleToWrite(m: EntityManager, list: WantedPerson[], ids: Map<string, string>): Promise<WantedPerson[]> {
  const stored = await readStoredPeople(m, list);
  if (stored.some((s) => s.alias_of !== null)) return list;
  const byIndex = new Map(stored.map((s) => [s.i - 1, s]));
  return list.filter((p, i) => {
    const s = byIndex.get(i);
    const same = s?.id && (p.role === null || p.role === s.role) && [...p.aliases].every((a) => a === "" || s.aliases!.includes(a));
    if (same) ids.set(personKey(p.key, p.country), s.id!);
    return !same;
  });
}

/** The stored row (id, role, aliases) and any merge (person_aliases) of each person of `list`, by 1-based position `i`; read without a lock. */
async function readStoredPeople(
  m: EntityManager,
  list: readonly WantedPerson[],
): Promise<{ i: number; id: string | null; alias_of: string | null; role: string | null; aliases: string[] | null }[]> {
  return m.query(
    `SELECT t.i::int AS i, p.id, al.person_id AS alias_of, p.role, p.aliases
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name_key, country, i)
     LEFT JOIN person_aliases al ON al.name_key = t.name_key AND coalesce(al.country_code, '') = coalesce(t.country, '')
     LEFT JOIN people p ON p.name_key = t.name_key AND coalesce(p.country_code, '') = coalesce(t.country, '')`,
    [list.map((p) => p.key), list.map((p) => p.country)],
  );
}

/**
 * A story that names one person under two names (the kept name and a merged one) mentions
 * that person once: counts add up, the first mention and its surface stay, quotes follow.
 */
function collapseSamePerson(r: RoundStory): void {
  if (new Set(r.personIds).size === r.personIds.length) return;
  const at = new Map<string, number>();
  const people: RoundStory["story"]["people"] = [];
  const ids: string[] = [];
  const moved = r.story.people.map((p, i) => {
    const id = r.personIds[i];
    const seen = at.get(id);
    if (seen === undefined) {
      at.set(id, people.length);
      people.push({ ...p, position: people.length });
      ids.push(id);
      return people.length - 1;
    }
    const q = people[seen];
    q.count += p.count;
    if (p.firstOffset < q.firstOffset) Object.assign(q, { firstOffset: p.firstOffset, surface: p.surface });
    q.role ??= p.role;
    return seen;
  });
  r.story = { ...r.story, people, quotes: r.story.quotes.map((q) => ({ ...q, speaker: q.speaker === null ? null : moved[q.speaker] })) };
  r.personIds = ids;
}

/** Person and country mentions and quotes of a whole round, in one statement. */
export async function insertMentions(m: EntityManager, round: RoundStory[]): Promise<void> {
  const people = rowsOf(round, (r) => r.story.people.map((p, i) => ({ ...p, id: r.personIds[i] })));
  const countries = rowsOf(round, (r) => r.story.countries);
  const quotes = rowsOf(round, (r) => r.story.quotes.map((q, i) => ({ ...q, position: i, speakerId: q.speaker === null ? null : r.personIds[q.speaker] })));
  if (!people.length && !countries.length && !quotes.length) return;
  await m.query(
    `WITH people AS (
       INSERT INTO person_mentions (article_id, person_id, position, count, first_offset, surface, published_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::int[], $6::text[], $7::timestamptz[])),
     countries AS (
       INSERT INTO country_mentions (article_id, country_code, position, count, first_offset, surface, published_at)
       SELECT * FROM unnest($8::uuid[], $9::text[], $10::int[], $11::int[], $12::int[], $13::text[], $14::timestamptz[]))
     INSERT INTO quotes (article_id, speaker_id, position, text, "offset")
     SELECT * FROM unnest($15::uuid[], $16::uuid[], $17::int[], $18::text[], $19::int[])`,
    [
      people.map((x) => x.owner.articleId), people.map((x) => x.row.id), people.map((x) => x.row.position), people.map((x) => x.row.count),
      people.map((x) => x.row.firstOffset), people.map((x) => x.row.surface), people.map((x) => x.owner.story.publishedAt),
      countries.map((x) => x.owner.articleId), countries.map((x) => x.row.key), countries.map((x) => x.row.position), countries.map((x) => x.row.count),
      countries.map((x) => x.row.firstOffset), countries.map((x) => x.row.surface), countries.map((x) => x.owner.story.publishedAt),
      quotes.map((x) => x.owner.articleId), quotes.map((x) => x.row.speakerId), quotes.map((x) => x.row.position),
      quotes.map((x) => x.row.text), quotes.map((x) => x.row.offset),
    ],
  );
}

/**
 * What an upsert of a relation does to the stored row: its weight grows by the new evidence
 * rows (excluded.weight) and first/last seen widen (start over from a weight of 0); changed_at moves.
 */
const WEIGH = `weight = relations.weight + excluded.weight, changed_at = now(),
  first_seen_at = CASE WHEN relations.weight = 0 THEN excluded.first_seen_at ELSE least(relations.first_seen_at, excluded.first_seen_at) END,
  last_seen_at = CASE WHEN relations.weight = 0 THEN excluded.last_seen_at ELSE greatest(relations.last_seen_at, excluded.last_seen_at) END`;

/**
 * Country↔country relations and people's roles asserted by a round, each with its stories as
 * evidence, weighed in the same statement (weight, first/last seen). A relation several stories assert is
 * upserted once and gets one evidence row per story.
 */
export async function insertRelations(m: EntityManager, round: RoundStory[]): Promise<void> {
  const links = rowsOf(round, (r) => r.story.countryRelations);
  const roles = rowsOf(round, (r) => r.story.people.flatMap((p, i) => (p.role && p.country ? [{ person: r.personIds[i], country: p.country }] : [])));
  if (!links.length && !roles.length) return;
  await m.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::relation_kind[], $4::text[], $5::text[], $6::text[], $7::int[])
                AS t(article, seen, kind, a, b, sentence, off)),
     r AS (SELECT * FROM unnest($8::uuid[], $9::timestamptz[], $10::uuid[], $11::text[]) AS r(article, seen, person, country)),
     -- Weighed here (no trigger): a relation gains one for each evidence row written below.
     country_links AS (
       INSERT INTO relations (kind, subject_country_code, object_country_code, weight, first_seen_at, last_seen_at)
       SELECT t.kind, t.a, t.b, count(*), min(t.seen), max(t.seen) FROM t GROUP BY t.kind, t.a, t.b ORDER BY t.kind, t.a, t.b
       ON CONFLICT (kind, subject_country_code, object_country_code) WHERE subject_country_code IS NOT NULL
       DO UPDATE SET ${WEIGH} RETURNING id, kind, subject_country_code, object_country_code),
     role_links AS (
       INSERT INTO relations (kind, subject_person_id, object_country_code, weight, first_seen_at, last_seen_at)
       SELECT 'ROLE', r.person, r.country, count(*), min(r.seen), max(r.seen) FROM r GROUP BY r.person, r.country ORDER BY r.person, r.country
       ON CONFLICT (subject_person_id, object_country_code) WHERE subject_person_id IS NOT NULL
       DO UPDATE SET ${WEIGH} RETURNING id, subject_person_id, object_country_code)
     INSERT INTO relation_evidence (relation_id, article_id, seen_at, sentence, "offset")
     SELECT c.id, t.article, t.seen, t.sentence, t.off FROM country_links c
       JOIN t ON t.kind = c.kind AND t.a = c.subject_country_code AND t.b = c.object_country_code
     UNION ALL
     SELECT l.id, r.article, r.seen, NULL, NULL FROM role_links l JOIN r ON r.person = l.subject_person_id AND r.country = l.object_country_code`,
    [
      links.map((x) => x.owner.articleId), links.map((x) => x.owner.story.publishedAt), links.map((x) => x.row.kind),
      links.map((x) => x.row.a), links.map((x) => x.row.b), links.map((x) => x.row.sentence), links.map((x) => x.row.offset),
      roles.map((x) => x.owner.articleId), roles.map((x) => x.owner.story.publishedAt), roles.map((x) => x.row.person), roles.map((x) => x.row.country),
    ],
  );
}
