import type { Counts, StoryScore, Tally } from "./compare";

/** One figure of the totals: its value (a ratio, or a count for `not-people` and `failed`) and how it was made. */
export interface Metric {
  value: number;
  detail: string;
  /** Counts are bounded from above (`--max-…`), ratios from below (`--min-…`). */
  count?: boolean;
}

/** Names of the figures, as the `--min-NAME` / `--max-NAME` bars spell them. */
export const RATIO_METRICS = [
  "people-precision",
  "people-recall",
  "people-f1",
  "roles",
  "person-countries",
  "countries-precision",
  "countries-recall",
  "countries-f1",
  "relations-precision",
  "relations-recall",
  "relations-f1",
  "related",
  "paragraphs",
  "datelines",
  "dateline-countries",
  "bodies",
  "sources",
  "quotes",
] as const;
export const COUNT_METRICS = ["not-people", "failed"] as const;
export type MetricName = (typeof RATIO_METRICS)[number] | (typeof COUNT_METRICS)[number];

const sumCounts = (xs: Counts[]): Counts =>
  xs.reduce((s, x) => ({ tp: s.tp + x.tp, fp: s.fp + x.fp, fn: s.fn + x.fn }), { tp: 0, fp: 0, fn: 0 });
const sumTally = (xs: Tally[]): Tally =>
  xs.reduce((s, x) => ({ right: s.right + x.right, total: s.total + x.total }), { right: 0, total: 0 });
/** An empty measure is perfect: nothing was expected and nothing was wrong. */
const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

function setMetrics(prefix: string, c: Counts): [MetricName, Metric][] {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return [
    [`${prefix}-precision` as MetricName, { value: precision, detail: `${c.tp}/${c.tp + c.fp}` }],
    [`${prefix}-recall` as MetricName, { value: recall, detail: `${c.tp}/${c.tp + c.fn}` }],
    [`${prefix}-f1` as MetricName, { value: f1, detail: `tp ${c.tp} fp ${c.fp} fn ${c.fn}` }],
  ];
}

const tallyMetric = (t: Tally): Metric => ({ value: ratio(t.right, t.total), detail: `${t.right}/${t.total}` });

/** Micro-averaged totals over all stories: every person, country and relation counts once. */
export function totals(scores: StoryScore[]): Map<MetricName, Metric> {
  const pick = <K extends keyof StoryScore>(k: K) => scores.map((s) => s[k]);
  const entries: [MetricName, Metric][] = [
    ...setMetrics("people", sumCounts(pick("people"))),
    ["roles", tallyMetric(sumTally(pick("roles")))],
    ["person-countries", tallyMetric(sumTally(pick("personCountries")))],
    ...setMetrics("countries", sumCounts(pick("countries"))),
    ...setMetrics("relations", sumCounts(pick("relations"))),
    ["related", tallyMetric(sumTally(pick("related")))],
    ["paragraphs", tallyMetric(sumTally(pick("paragraphs")))],
    ["datelines", tallyMetric(sumTally(pick("datelines")))],
    ["dateline-countries", tallyMetric(sumTally(pick("datelineCountries")))],
    ["bodies", tallyMetric(sumTally(pick("bodies")))],
    ["sources", tallyMetric(sumTally(pick("sources")))],
    ["quotes", tallyMetric(sumTally(pick("quotes")))],
    ["not-people", { value: scores.reduce((n, s) => n + s.notPeople, 0), detail: "notPeople phrases taken as people", count: true }],
    ["failed", { value: scores.filter((s) => s.error).length, detail: `of ${scores.length} stories`, count: true }],
  ];
  return new Map(entries);
}

/** A bar a figure must meet: `--min-people-f1 0.95` or `--max-not-people 0`. */
export interface Bar {
  metric: MetricName;
  bound: "min" | "max";
  value: number;
}

/** The bars a run did not meet, as readable lines (empty: all met). */
export function failedBars(metrics: Map<MetricName, Metric>, bars: Bar[]): string[] {
  return bars.flatMap((bar) => {
    const m = metrics.get(bar.metric)!;
    const ok = bar.bound === "min" ? m.value >= bar.value : m.value <= bar.value;
    return ok ? [] : [`${bar.metric} ${m.count ? m.value : m.value.toFixed(3)} is ${bar.bound === "min" ? "below" : "above"} ${bar.value}`];
  });
}

/** The totals as aligned lines: name, value, how it was made. */
export function formatTotals(metrics: Map<MetricName, Metric>): string[] {
  return [...metrics].map(
    ([name, m]) => `  ${name.padEnd(20)} ${(m.count ? String(m.value) : m.value.toFixed(3)).padStart(6)}  ${m.detail}`,
  );
}

/** Per story: its name and each miss, for stories with any. */
export function formatMisses(scores: StoryScore[]): string[] {
  return scores.filter((s) => s.misses.length).flatMap((s) => [`${s.name}:`, ...s.misses.map((m) => `  ${m}`)]);
}
