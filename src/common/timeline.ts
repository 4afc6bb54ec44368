import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { ArgsType, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional } from "class-validator";
import { DateTimeResolver } from "graphql-scalars";
import { LoaderFamily } from "./batch";
import { badInput } from "./errors";
import { readRows } from "../db/read";

/** Length of one period of a timeline. */
export enum TimeInterval {
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}
registerEnumType(TimeInterval, { name: "TimeInterval", description: "Length of one period of a timeline (weeks start on Monday; UTC)." });

/** Most periods one timeline returns: the latest ones when the range is left open. */
export const MAX_TIMELINE_POINTS = 1000;

@ObjectType("TimelinePoint", { description: "A count for one period." })
export class TimelinePoint {
  @Field(() => DateTimeResolver, { description: "Start of the period (UTC)." })
  start: Date;

  @Field(() => Int)
  count: number;
}

@ArgsType()
export class TimelineArgs {
  @Field(() => TimeInterval, { defaultValue: TimeInterval.DAY })
  interval: TimeInterval = TimeInterval.DAY;

  @Field(() => DateTimeResolver, { nullable: true, description: "From this time on (default: the first event)." })
  @IsOptional()
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Before this time (default: the last event, or now)." })
  @IsOptional()
  to?: Date | null;
}

const DAYS: Record<TimeInterval, number> = { DAY: 1, WEEK: 7, MONTH: 28 };

/** The arguments of a timeline as its loader key; a reversed or too long range is a BAD_USER_INPUT error. */
export function timelineWindow(args: TimelineArgs): { interval: TimeInterval; from: string | null; to: string | null } {
  const from = args.from ?? null;
  const to = args.to ?? null;
  if (from && to && from >= to) throw badInput("from must be before to", { argument: "from" });
  if (from && to && (to.getTime() - from.getTime()) / 86_400_000 / DAYS[args.interval] > MAX_TIMELINE_POINTS) {
    throw badInput(`A timeline has at most ${MAX_TIMELINE_POINTS} periods: choose a longer interval or a shorter range`, { argument: "to" });
  }
  return { interval: args.interval, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
}

/** Where the events of a timeline are: their table, the parent key column and the time column. */
export interface TimelineSource {
  table: string;
  key: string;
  at: string;
}

/**
 * Counts per period for many parents in one statement (what `Relation.timeline` and
 * `Person.timeline` read): events grouped by UTC period, then every period between the first
 * and the last (or the asked range) with zeros filled in, the latest MAX_TIMELINE_POINTS.
 */
export function timelineLoader(ds: DataSource, source: TimelineSource) {
  return new LoaderFamily<string, TimelinePoint[], ReturnType<typeof timelineWindow>>(
    (w) =>
      new DataLoader(async (keys) => {
        const field = w.interval.toLowerCase();
        const rows = await readRows<{ parent_key: string; start: Date; n: number }>(
          ds,
          `WITH ev AS (
             SELECT e.${source.key} AS key, date_trunc($2, e.${source.at} AT TIME ZONE 'UTC') AS period, count(*)::int AS n
             FROM ${source.table} e
             WHERE e.${source.key} = ANY($1::uuid[])
               AND ($3::timestamptz IS NULL OR e.${source.at} >= $3) AND ($4::timestamptz IS NULL OR e.${source.at} < $4)
             GROUP BY 1, 2),
           span AS (
             SELECT k.key,
                    coalesce(date_trunc($2, $3::timestamptz AT TIME ZONE 'UTC'), min(ev.period)) AS lo,
                    coalesce(date_trunc($2, ($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'), max(ev.period),
                             date_trunc($2, now() AT TIME ZONE 'UTC')) AS hi
             FROM unnest($1::uuid[]) AS k(key) LEFT JOIN ev ON ev.key = k.key GROUP BY k.key)
           SELECT s.key::text AS parent_key, p.period AT TIME ZONE 'UTC' AS start, coalesce(ev.n, 0) AS n
           FROM span s
           CROSS JOIN LATERAL generate_series(greatest(s.lo, s.hi - $5::interval * ${MAX_TIMELINE_POINTS - 1}), s.hi, $5::interval) AS p(period)
           LEFT JOIN ev ON ev.key = s.key AND ev.period = p.period
           ORDER BY 1, 2`,
          [[...keys], field, w.from, w.to, `1 ${field}`],
        );
        const groups = new Map<string, TimelinePoint[]>(keys.map((k) => [k, []]));
        for (const row of rows) groups.get(row.parent_key)?.push({ start: row.start, count: row.n });
        return keys.map((k) => groups.get(k) ?? []);
      }),
  );
}
