import { useEffect, useRef, useState } from "preact/hooks";
import cytoscape from "cytoscape";
import { gql, rangeArgs, type Range } from "./api";
import { RelationTimeline } from "./relation-timeline";

type End = { __typename: "Country"; code: string; name: string } | { __typename: "Person"; id: string; name: string } | { __typename: "Article" };
interface Relation {
  id: string;
  kind: string;
  weight: number;
  subject: End;
  object: End | null;
}

const TOP = `query Top($from: DateTime, $to: DateTime) { articleCounts(groupBy: COUNTRY, from: $from, to: $to, first: 20) { key name total } }`;
const RELATIONS = `query Relations($code: String!) { country(code: $code) { code name relations {
  id kind weight subject { __typename ... on Country { code name } ... on Person { id name } } object { __typename ... on Country { code name } } } } }`;

const KIND_COLORS: Record<string, string> = {
  STRATEGIC: "#7c3aed", ECONOMIC: "#16a34a", DIPLOMATIC: "#2563eb", CONFLICT: "#dc2626", SANCTIONS: "#d97706", CULTURAL: "#db2777", ROLE: "#64748b",
};

const endId = (e: End): string | null => (e.__typename === "Country" ? e.code : e.__typename === "Person" ? e.id : null);

/** A country's relations as a network (kinds and weights), and the timeline of the chosen one. */
export function RelationNetwork(props: { range: Range; version: number }) {
  const [countries, setCountries] = useState<{ key: string; name: string; total: number }[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [relations, setRelations] = useState<Relation[]>([]);
  const [chosen, setChosen] = useState<Relation | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    gql<{ articleCounts: { key: string; name: string; total: number }[] }>(TOP, rangeArgs(props.range)).then((d) => {
      setCountries(d.articleCounts);
      setCode((now) => now ?? d.articleCounts[0]?.key ?? null);
    });
  }, [props.range, props.version]);

  useEffect(() => {
    if (!code) return;
    gql<{ country: { relations: Relation[] } }>(RELATIONS, { code }).then((d) => {
      const list = d.country.relations.filter((r) => r.object && endId(r.subject) && endId(r.object));
      setRelations(list);
      setChosen((now) => list.find((r) => r.id === now?.id) ?? list.find((r) => r.kind !== "ROLE") ?? list[0] ?? null);
    });
  }, [code, props.version]);

  useEffect(() => {
    if (!box.current) return;
    const nodes = new Map<string, string>();
    for (const r of relations) for (const e of [r.subject, r.object!]) nodes.set(endId(e)!, "name" in e ? e.name : "?");
    const cy = cytoscape({
      container: box.current,
      elements: [
        ...[...nodes].map(([id, name]) => ({ data: { id, label: name, focus: id === code ? 1 : 0, person: id.length > 2 ? 1 : 0 } })),
        ...relations.map((r) => ({
          data: { id: r.id, source: endId(r.subject)!, target: endId(r.object!)!, label: `${r.kind.toLowerCase()} ${r.weight}`, weight: r.weight, color: KIND_COLORS[r.kind] ?? "#999" },
        })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#94a3b8", width: 14, height: 14 } },
        { selector: "node[focus = 1]", style: { "background-color": "#0f172a", width: 24, height: 24, "font-weight": "bold" } },
        { selector: "node[person = 1]", style: { shape: "round-rectangle", "background-color": "#cbd5e1" } },
        {
          selector: "edge",
          style: { label: "data(label)", "font-size": 8, "curve-style": "bezier", "line-color": "data(color)", color: "data(color)", width: "mapData(weight, 1, 20, 1, 8)" },
        },
        { selector: "edge:selected", style: { "line-style": "dashed", "overlay-opacity": 0.15 } },
      ],
      layout: { name: "concentric", concentric: (n: cytoscape.NodeSingular) => (n.data("focus") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 30 },
      userZoomingEnabled: false,
    });
    cy.on("tap", "edge", (event) => setChosen(relations.find((r) => r.id === event.target.id()) ?? null));
    return () => cy.destroy();
  }, [relations]);

  return (
    <section class="panel network" data-testid="network-panel">
      <h2>
        Relations of{" "}
        <select data-testid="country-select" value={code ?? ""} onChange={(e) => setCode((e.target as HTMLSelectElement).value)}>
          {countries.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name} ({c.total})
            </option>
          ))}
        </select>
      </h2>
      <div ref={box} class="graph" data-testid="network-graph" data-edges={relations.length} />
      {chosen && <RelationTimeline relation={chosen} range={props.range} version={props.version} />}
    </section>
  );
}
