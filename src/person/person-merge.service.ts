import type { AppServices } from "../context";
import type { EntityManager } from "typeorm";
import { badInput, notFound } from "../common/errors";

/**
 * Merges and story writes exclude each other (a transaction-level advisory lock, taken first
 * thing: every write shared, a merge exclusive). A write that looked up person_aliases before a
 * merge committed would otherwise upsert the merged person's row while the merge deletes it,
 * and bring it back; now it starts after the merge and finds the alias.
 */
const PEOPLE_MERGE_LOCK = `hashtext('newsgraph:people-merge')`;
/** Taken by every story write (see inWriteTransaction) before anything else: waits for a merge under way. */
export const waitForMerges = (m: Pick<EntityManager, "query">) => m.query(`SELECT pg_advisory_xact_lock_shared(${PEOPLE_MERGE_LOCK})`);
/** Taken by mergePeople before anything else: waits for the writes under way, holds off new ones. */
const holdOffWriters = (m: Pick<EntityManager, "query">) => m.query(`SELECT pg_advisory_xact_lock(${PEOPLE_MERGE_LOCK})`);

/**
 * Editorial fix of extraction: `merge` is the same person as `keep`. Every mention, quote and
 * role moves to `keep` (counts add up, evidence is kept once), `merge`'s name becomes an alias,
 * and `merge` is deleted — all in one transaction. The merge lasts: `merge`'s identity (and
 * every identity merged into it before) is recorded in `person_aliases` as `keep`'s, so a later
 * ingest naming it adds to `keep` (see upsertPeople). Either of two people can be kept.
 */
export async function mergePeople(app: AppServices, keepId: string, mergeId: string): Promise<void> {
  if (keepId === mergeId) throw badInput("keep and merge are the same person");
  await app.ds.transaction(async (m) => {
    await holdOffWriters(m);
    const people: { id: string; name: string }[] = await m.query(`SELECT id, name FROM people WHERE id = ANY($1::uuid[]) FOR UPDATE`, [[keepId, mergeId]]);
    if (!people.some((p) => p.id === keepId)) throw notFound("keep: no such person");
    if (!people.some((p) => p.id === mergeId)) throw notFound("merge: no such person");
    await m.query(
      `UPDATE person_mentions k SET count = k.count + x.count, first_offset = least(k.first_offset, x.first_offset),
         position = least(k.position, x.position),
         surface = CASE WHEN x.first_offset < k.first_offset THEN x.surface ELSE k.surface END
       FROM person_mentions x WHERE k.person_id = $1 AND x.person_id = $2 AND x.article_id = k.article_id`,
      [keepId, mergeId],
    );
    await m.query(`DELETE FROM person_mentions x WHERE x.person_id = $2 AND EXISTS (SELECT 1 FROM person_mentions k WHERE k.person_id = $1 AND k.article_id = x.article_id)`, [keepId, mergeId]);
    await m.query(`UPDATE person_mentions SET person_id = $1 WHERE person_id = $2`, [keepId, mergeId]);
    await m.query(`UPDATE quotes SET speaker_id = $1 WHERE speaker_id = $2`, [keepId, mergeId]);
    // Roles: move evidence onto keep's role for the same country, or hand the role over.
    await m.query(
      `INSERT INTO relation_evidence (relation_id, article_id, sentence, "offset", seen_at)
       SELECT k.id, e.article_id, e.sentence, e."offset", e.seen_at
       FROM relations r JOIN relations k ON k.subject_person_id = $1 AND k.object_country_code = r.object_country_code
       JOIN relation_evidence e ON e.relation_id = r.id
       WHERE r.subject_person_id = $2 ON CONFLICT DO NOTHING`,
      [keepId, mergeId],
    );
    // Writers of evidence weigh its relations (no insert trigger): keep's roles that gained rows.
    await m.query(
      `UPDATE relations k SET weight = c.n, changed_at = now(), first_seen_at = c.first_seen, last_seen_at = c.last_seen
       FROM (SELECT e.relation_id, count(*)::int AS n, min(e.seen_at) AS first_seen, max(e.seen_at) AS last_seen
             FROM relation_evidence e JOIN relations r ON r.id = e.relation_id WHERE r.subject_person_id = $1 GROUP BY e.relation_id) c
       WHERE k.id = c.relation_id AND k.weight <> c.n`,
      [keepId],
    );
    await m.query(
      `DELETE FROM relations r WHERE r.subject_person_id = $2
         AND EXISTS (SELECT 1 FROM relations k WHERE k.subject_person_id = $1 AND k.object_country_code = r.object_country_code)`,
      [keepId, mergeId],
    );
    await m.query(`UPDATE relations SET subject_person_id = $1 WHERE subject_person_id = $2`, [keepId, mergeId]);
    await m.query(
      `UPDATE people k SET aliases = ARRAY(SELECT DISTINCT a FROM unnest(k.aliases || x.aliases || ARRAY[x.name]) a WHERE a <> k.name),
         role = coalesce(k.role, x.role), country_code = coalesce(k.country_code, x.country_code)
       FROM people x WHERE k.id = $1 AND x.id = $2`,
      [keepId, mergeId],
    );
    // Identities merged into `merge` before now stand for `keep`, and so does `merge`'s own.
    await m.query(`UPDATE person_aliases SET person_id = $1 WHERE person_id = $2`, [keepId, mergeId]);
    await m.query(
      `INSERT INTO person_aliases (name_key, country_code, person_id) SELECT x.name_key, x.country_code, $1 FROM people x WHERE x.id = $2
       ON CONFLICT (name_key, (coalesce(country_code, ''))) DO UPDATE SET person_id = excluded.person_id, merged_at = now()`,
      [keepId, mergeId],
    );
    await m.query(`DELETE FROM people WHERE id = $1`, [mergeId]);
  });
  await app.contentVersion.bump();
}
