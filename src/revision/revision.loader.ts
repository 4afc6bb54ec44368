import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { countLoader, LoaderFamily } from "../common/batch";
import { readRows } from "../db/read";
import { Revision, RevisionChanges } from "./revision.types";

/** A page of versions, newest first: those before revision `before` (when given). */
export interface RevisionPageArgs {
  before?: number;
  limit: number;
}

interface RevisionRow {
  parent_key: string;
  revision: number;
  written_at: Date;
  headline: string;
  summary: string | null;
  body: string[];
  dateline: string | null;
  published_at: Date;
  url: string | null;
  tags: string[];
  language: string;
  people: string[];
  countries: string[];
  changes: RevisionChanges | null;
  deleted_at: Date | null;
}

const toRevision = (r: RevisionRow): Revision =>
  Object.assign(new Revision(), {
    revision: r.revision, at: r.written_at, headline: r.headline, summary: r.summary, body: r.body, dateline: r.dateline,
    publishedAt: r.published_at, url: r.url, tags: r.tags, language: r.language, people: r.people, countries: r.countries,
    changes: r.changes, deletedAt: r.deleted_at,
  });

/**
 * Versions of each article: the current one (from the article itself) and the kept ones
 * (article_revisions, which outlive a deleted story), newest first; one statement for every
 * article of a request.
 */
export function createRevisionLoaders(ds: DataSource) {
  return {
    pages: new LoaderFamily<string, Revision[], RevisionPageArgs>(
      (args) =>
        new DataLoader(async (ids) => {
          const rows = await readRows<RevisionRow>(
            ds,
            `SELECT k.id::text AS parent_key, v.* FROM unnest($1::uuid[]) AS k(id) CROSS JOIN LATERAL (
               SELECT * FROM (
                 SELECT a.revision, a.ingested_at AS written_at, a.headline, a.summary, to_json(a.body) AS body, a.dateline, a.published_at,
                        a.url, to_json(a.tags) AS tags, a.language,
                        to_json(ARRAY(SELECT p.name FROM person_mentions pm JOIN people p ON p.id = pm.person_id WHERE pm.article_id = a.id ORDER BY pm.position)) AS people,
                        to_json(ARRAY(SELECT c.country_code FROM country_mentions c WHERE c.article_id = a.id ORDER BY c.position)) AS countries,
                        a.changes, NULL::timestamptz AS deleted_at
                 FROM articles a WHERE a.id = k.id
                 UNION ALL
                 SELECT r.revision, r.written_at, r.headline, r.summary, to_json(r.body), r.dateline, r.published_at, r.url, to_json(r.tags),
                        r.language, to_json(r.people), to_json(r.countries), r.changes, r.deleted_at
                 FROM article_revisions r WHERE r.article_id = k.id) v
               WHERE $3::int IS NULL OR v.revision < $3
               ORDER BY v.revision DESC LIMIT $2::int) v`,
            [[...ids], args.limit, args.before ?? null],
          );
          const groups = new Map<string, Revision[]>(ids.map((id) => [id, []]));
          for (const row of rows) groups.get(row.parent_key)?.push(toRevision(row));
          return ids.map((id) => groups.get(id) ?? []);
        }),
    ),
    /** Number of versions (they are numbered 1…n, none missing). */
    counts: countLoader<string>((ids) =>
      readRows(
        ds,
        `SELECT k.id::text AS key, coalesce((SELECT a.revision FROM articles a WHERE a.id = k.id),
                                            (SELECT max(r.revision) FROM article_revisions r WHERE r.article_id = k.id), 0) AS n
         FROM unnest($1::uuid[]) AS k(id)`,
        [[...ids]],
      ),
    ),
  };
}
