import { ArgsType, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional, Max, Min } from "class-validator";
import type { Context } from "../context";
import { MAX_TIMELINE_POINTS, TimeInterval, TimelineArgs, TimelinePoint, timelineWindow } from "../common/timeline";
import { readRows } from "../db/read";

/** What a story count is split by. */
export enum ArticleCountGroup {
  COUNTRY = "COUNTRY",
  SOURCE = "SOURCE",
}
registerEnumType(ArticleCountGroup, { name: "ArticleCountGroup", description: "COUNTRY: countries the stories mention. SOURCE: their outlets." });

@ObjectType("ArticleCountSeries", { description: "Stories per period for one country or source." })
export class ArticleCountSeries {
  @Field(() => String, { description: "Country code or source code." })
  key: string;

  @Field(() => String, { description: "Country or source name." })
  name: string;

  @Field(() => Int, { description: "Stories in the whole range." })
  total: number;

  @Field(() => [TimelinePoint], { description: "Every period of the range, oldest first (0 where none)." })
  points: TimelinePoint[];
}

@ArgsType()
export class ArticleCountsArgs extends TimelineArgs {
  @Field(() => ArticleCountGroup)
  groupBy: ArticleCountGroup;

  @Field(() => Int, { defaultValue: 8, description: "How many series: the countries or sources with the most stories, 20 at most." })
  @IsOptional() @Min(1) @Max(20)
  first: number = 8;
}

/** The default range: the 30 periods up to now. */
const DEFAULT_PERIODS: Record<TimeInterval, number> = { DAY: 30, WEEK: 26, MONTH: 12 };
const PERIOD_MS: Record<TimeInterval, number> = { DAY: 86_400_000, WEEK: 7 * 86_400_000, MONTH: 31 * 86_400_000 };

/**
 * Stories per period (by publication time, UTC) for the countries or sources with the most
 * stories in the range: one statement, every period filled in. What the dashboard's charts read.
 */
export async function articleCounts(ctx: Context, args: ArticleCountsArgs): Promise<ArticleCountSeries[]> {
  const to = args.to ?? new Date();
  const from = args.from ?? new Date(to.getTime() - DEFAULT_PERIODS[args.interval] * PERIOD_MS[args.interval]);
  const w = timelineWindow({ interval: args.interval, from, to });
  const field = w.interval.toLowerCase();
  const byCountry = args.groupBy === ArticleCountGroup.COUNTRY;
  const events =
    byCountry
      ? `SELECT m.country_code AS key, m.published_at AS at FROM country_mentions m WHERE m.published_at >= $2 AND m.published_at < $3`
      : `SELECT s.code AS key, a.published_at AS at FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.published_at >= $2 AND a.published_at < $3`;
  const rows = await readRows<{ key: string; name: string | null; total: number; start: Date; n: number }>(
    ctx.ds,
    `WITH ev AS (SELECT e.key, date_trunc($1, e.at AT TIME ZONE 'UTC') AS period, count(*)::int AS n FROM (${events}) e GROUP BY 1, 2),
     top AS (SELECT key, sum(n)::int AS total FROM ev GROUP BY key ORDER BY total DESC, key LIMIT $4),
     periods AS (
       SELECT p.period FROM generate_series(date_trunc($1, $2::timestamptz AT TIME ZONE 'UTC'),
         date_trunc($1, ($3::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'), $5::interval) AS p(period)
       ORDER BY p.period DESC LIMIT ${MAX_TIMELINE_POINTS})
     SELECT t.key, ${byCountry ? "NULL" : "(SELECT s.name FROM sources s WHERE s.code = t.key)"} AS name, t.total, p.period AT TIME ZONE 'UTC' AS start, coalesce(ev.n, 0) AS n
     FROM top t CROSS JOIN periods p LEFT JOIN ev ON ev.key = t.key AND ev.period = p.period
     ORDER BY t.total DESC, t.key, p.period`,
    [field, w.from, w.to, args.first, `1 ${field}`],
  );
  const series = new Map<string, ArticleCountSeries>();
  for (const row of rows) {
    let s = series.get(row.key);
    if (!s) {
      const name = byCountry ? ctx.countries.get(row.key)?.name : row.name;
      s = Object.assign(new ArticleCountSeries(), { key: row.key, name: name ?? row.key, total: row.total, points: [] });
      series.set(row.key, s);
    }
    s.points.push({ start: row.start, count: row.n });
  }
  return [...series.values()];
}
