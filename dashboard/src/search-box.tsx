import { useState } from "preact/hooks";
import { gql } from "./api";
import { Highlight } from "./highlight";

interface Hit {
  score: number;
  highlight: string | null;
  node: { id: string; headline: string; publishedAt: string; source: { code: string } };
}

const SEARCH = `query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { score highlight node { id headline publishedAt source { code } } } } }`;

/** Full-text search over the stories. */
export function SearchBox() {
  const [query, setQuery] = useState("");
  const [result, setResult] = useState<{ total: number; hits: Hit[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (event: Event) => {
    event.preventDefault();
    if (!query.trim()) return;
    try {
      const d = await gql<{ search: { totalCount: number; edges: Hit[] } }>(SEARCH, { q: query });
      setResult({ total: d.search.totalCount, hits: d.search.edges });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section class="panel search" data-testid="search-panel">
      <form onSubmit={run}>
        <input type="search" placeholder="Search stories (words, &quot;phrases&quot;, OR, -word)" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} data-testid="search-input" />
        <button type="submit">Search</button>
      </form>
      {error && <p class="error">{error}</p>}
      {result && (
        <div data-testid="search-results">
          <p class="meta">{result.total} stories</p>
          <ol>
            {result.hits.map((h) => (
              <li key={h.node.id} data-testid="search-hit">
                <span class="headline">{h.node.headline}</span>
                <span class="meta">
                  {h.node.source.code} · {h.node.publishedAt.slice(0, 10)}
                </span>
                {h.highlight && (
                  <p class="snippet">
                    <Highlight text={h.highlight} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
