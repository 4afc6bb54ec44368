import { useEffect, useState } from "preact/hooks";
import { gql, isoDay, rangeArgs, type Range } from "./api";
import { SeriesChart } from "./line-chart";

const TIMELINE = `query Timeline($id: ID!, $from: DateTime, $to: DateTime, $interval: TimeInterval) {
  node(id: $id) { ... on Relation { kind weight timeline(interval: $interval, from: $from, to: $to) { start count } } } }`;

type Named = { __typename: string; code?: string; name?: string };

/** Stories asserting one relation per period. */
export function RelationTimeline(props: { relation: { id: string; kind: string; subject: Named; object: Named | null }; range: Range; version: number }) {
  const [points, setPoints] = useState<{ start: string; count: number }[]>([]);
  useEffect(() => {
    gql<{ node: { timeline: { start: string; count: number }[] } }>(TIMELINE, { id: props.relation.id, ...rangeArgs(props.range) }).then((d) =>
      setPoints(d.node.timeline),
    );
  }, [props.relation.id, props.range, props.version]);
  const r = props.relation;
  const title = `${r.subject.name ?? r.subject.code} – ${r.object?.name ?? r.object?.code ?? "?"}, ${r.kind.toLowerCase()}`;
  return (
    <div class="timeline" data-testid="relation-timeline" data-points={points.filter((p) => p.count > 0).length}>
      <h3>{title}</h3>
      <SeriesChart testId="chart-relation" kind="bar" height={140} labels={points.map((p) => isoDay(p.start))} series={[{ label: "stories", values: points.map((p) => p.count) }]} />
    </div>
  );
}
