import { useEffect, useState } from "preact/hooks";
import { gql, liveClient } from "./api";

interface Story {
  id: string;
  headline: string;
  publishedAt: string;
  source: { code: string; name: string };
  countries: { code: string }[];
  change?: "CREATED" | "UPDATED";
}

const STORY = `fragment Story on Article { id headline publishedAt source { code name } countries { code } }`;
const LATEST = `query Latest { articles(first: 20) { edges { node { ...Story } } } } ${STORY}`;
const CHANGES = `subscription Changes { articleChanged { type id article { ...Story } } } ${STORY}`;

/** Incoming stories, newest first: the latest page, then every change as the feed sends it. */
export function LiveList(props: { onChange: () => void }) {
  const [stories, setStories] = useState<Story[]>([]);
  const [status, setStatus] = useState<"connecting" | "live" | "offline">("connecting");
  useEffect(() => {
    gql<{ articles: { edges: { node: Story }[] } }>(LATEST).then((d) =>
      setStories((now) => [...now, ...d.articles.edges.map((e) => e.node).filter((s) => !now.some((n) => n.id === s.id))]),
    );
    const client = liveClient();
    const offConnected = client.on("connected", () => setStatus("live"));
    const offClosed = client.on("closed", () => setStatus("offline"));
    const stop = client.subscribe<{ articleChanged: { type: string; id: string; article: Story | null } }>(
      { query: CHANGES },
      {
        next: ({ data }) => {
          const change = data?.articleChanged;
          if (!change) return;
          setStories((now) => {
            const rest = now.filter((s) => s.id !== change.id);
            return change.article ? [{ ...change.article, change: change.type as Story["change"] }, ...rest].slice(0, 50) : rest;
          });
          props.onChange();
        },
        error: () => setStatus("offline"),
        complete: () => undefined,
      },
    );
    return () => {
      stop();
      offConnected();
      offClosed();
    };
  }, []);
  return (
    <section class="panel live" data-testid="live-panel">
      <h2>
        Incoming stories <span class={`status ${status}`} data-testid="live-status">{status}</span>
      </h2>
      <ol class="stories" data-testid="live-list">
        {stories.map((s) => (
          <li key={s.id} class={s.change ? "fresh" : ""} data-testid="live-item">
            <span class="headline">{s.headline}</span>
            <span class="meta">
              {s.change && <b class="badge">{s.change === "CREATED" ? "new" : "updated"}</b>} {s.source.code} · {new Date(s.publishedAt).toUTCString().slice(5, 22)} ·{" "}
              {s.countries.map((c) => c.code).join(" ")}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
