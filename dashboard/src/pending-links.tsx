import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";

interface Pending {
  id: string;
  kind: string;
  title: string;
  subject: { headline?: string; publishedAt?: string };
}
interface Candidate {
  score: number;
  node: { headline: string; slug: string };
}

const PENDING = `query Pending { relations(filter: { pending: true }, first: 20) { totalCount edges { node {
  id kind title subject { ... on Article { headline publishedAt } } } } } }`;
const CANDIDATES = `query Candidates($q: String!) { search(query: $q, first: 3) { edges { score node { headline slug } } } }`;

/** Printed Related News / Read More titles that matched no stored story, with stories that might be the one. */
export function PendingLinks(props: { version: number }) {
  const [links, setLinks] = useState<Pending[]>([]);
  const [total, setTotal] = useState(0);
  const [candidates, setCandidates] = useState<Record<string, Candidate[]>>({});
  useEffect(() => {
    gql<{ relations: { totalCount: number; edges: { node: Pending }[] } }>(PENDING).then((d) => {
      setLinks(d.relations.edges.map((e) => e.node));
      setTotal(d.relations.totalCount);
    });
  }, [props.version]);
  const find = async (link: Pending) => {
    const words = link.title.replace(/[^\p{L}\p{N}\s]/gu, " ").split(/\s+/).filter((w) => w.length > 3).slice(0, 6).join(" OR ");
    const d = await gql<{ search: { edges: Candidate[] } }>(CANDIDATES, { q: words || link.title });
    setCandidates((now) => ({ ...now, [link.id]: d.search.edges }));
  };
  return (
    <section class="panel pending" data-testid="pending-panel">
      <h2>
        Pending links <span class="count">{total}</span>
      </h2>
      <p class="hint">Titles printed under Related News or Read More that match no stored story yet. They resolve by themselves when that story is ingested.</p>
      <ul data-testid="pending-list">
        {links.map((l) => (
          <li key={l.id} data-testid="pending-item">
            <span class="headline">{l.title}</span>
            <span class="meta">
              {l.kind === "READ_MORE" ? "Read More" : "Related News"} in “{l.subject.headline}”{" "}
              <button type="button" onClick={() => find(l)}>
                find candidates
              </button>
            </span>
            {candidates[l.id] && (
              <ul class="candidates">
                {candidates[l.id].length ? candidates[l.id].map((c) => <li key={c.node.slug}>{c.node.headline}</li>) : <li>no stored story looks like it</li>}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
