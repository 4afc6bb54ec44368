import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { gql, isoDay, type Range } from "./api";
import { LiveList } from "./live-list";
import { StoryCharts } from "./story-charts";
import { RelationNetwork } from "./relation-network";
import { PendingLinks } from "./pending-links";
import { SearchBox } from "./search-box";
import "./style.css";

const NEWEST = `query Newest { articles(first: 1) { edges { node { publishedAt } } } }`;

/** The newsroom page: every panel reads the public GraphQL API of the server that serves it. */
function App() {
  const [range, setRange] = useState<Range | null>(null);
  // Moves (at most every 2 s) when the change feed reports a write: the panels read again.
  const [version, setVersion] = useState(0);
  const pending = useRef<number | null>(null);
  const onChange = () => {
    pending.current ??= window.setTimeout(() => {
      pending.current = null;
      setVersion((v) => v + 1);
    }, 2000);
  };
  useEffect(() => {
    // The default range: the 30 days up to the newest story.
    gql<{ articles: { edges: { node: { publishedAt: string } }[] } }>(NEWEST).then((d) => {
      const newest = new Date(d.articles.edges[0]?.node.publishedAt ?? Date.now());
      const from = new Date(newest.getTime() - 29 * 86_400_000);
      setRange({ from: isoDay(from), to: isoDay(newest), interval: "DAY" });
    });
  }, []);
  const set = (patch: Partial<Range>) => setRange((r) => (r ? { ...r, ...patch } : r));
  return (
    <>
      <header>
        <h1>Newsgraph newsroom</h1>
        {range && (
          <form class="range" data-testid="range">
            <label>
              from <input type="date" value={range.from} max={range.to} onChange={(e) => set({ from: (e.target as HTMLInputElement).value })} data-testid="range-from" />
            </label>
            <label>
              to <input type="date" value={range.to} min={range.from} onChange={(e) => set({ to: (e.target as HTMLInputElement).value })} data-testid="range-to" />
            </label>
            <select value={range.interval} onChange={(e) => set({ interval: (e.target as HTMLSelectElement).value as Range["interval"] })}>
              <option value="DAY">per day</option>
              <option value="WEEK">per week</option>
              <option value="MONTH">per month</option>
            </select>
          </form>
        )}
      </header>
      <main>
        <LiveList onChange={onChange} />
        {range && <StoryCharts range={range} version={version} />}
        {range && <RelationNetwork range={range} version={version} />}
        <PendingLinks version={version} />
        <SearchBox />
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
