import { useEffect, useState } from "preact/hooks";
import { gql, isoDay, rangeArgs, type Range } from "./api";
import { SeriesChart, type Series } from "./line-chart";

interface CountSeries {
  key: string;
  name: string;
  total: number;
  points: { start: string; count: number }[];
}

const COUNTS = `query Counts($from: DateTime, $to: DateTime, $interval: TimeInterval) {
  byCountry: articleCounts(groupBy: COUNTRY, from: $from, to: $to, interval: $interval, first: 8) { key name total points { start count } }
  bySource: articleCounts(groupBy: SOURCE, from: $from, to: $to, interval: $interval, first: 8) { key name total points { start count } }
}`;

const toChart = (list: CountSeries[]): { labels: string[]; series: Series[] } => ({
  labels: (list[0]?.points ?? []).map((p) => isoDay(p.start)),
  series: list.map((s) => ({ label: `${s.name} (${s.total})`, values: s.points.map((p) => p.count) })),
});

/** Stories per period by country and by source over the chosen range. */
export function StoryCharts(props: { range: Range; version: number }) {
  const [data, setData] = useState<{ byCountry: CountSeries[]; bySource: CountSeries[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gql<{ byCountry: CountSeries[]; bySource: CountSeries[] }>(COUNTS, rangeArgs(props.range)).then(setData, (e: Error) => setError(e.message));
  }, [props.range, props.version]);
  const country = data && toChart(data.byCountry);
  const source = data && toChart(data.bySource);
  return (
    <section class="panel charts" data-testid="charts-panel">
      <h2>Stories per {props.range.interval.toLowerCase()}</h2>
      {error && <p class="error">{error}</p>}
      <h3>by country</h3>
      {country && <SeriesChart testId="chart-country" kind="bar" labels={country.labels} series={country.series} />}
      <h3>by source</h3>
      {source && <SeriesChart testId="chart-source" kind="bar" labels={source.labels} series={source.series} />}
    </section>
  );
}
