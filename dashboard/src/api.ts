import { createClient, type Client } from "graphql-ws";

/** The GraphQL endpoint of the server that serves this page (same origin: the public API only). */
const ENDPOINT = "/graphql";

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** Runs a query over HTTP POST; throws the first GraphQL error. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(ENDPOINT, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GraphQLError[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

let client: Client | null = null;

/** The page's one graphql-ws connection (reconnects by itself). */
export function liveClient(): Client {
  const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${ENDPOINT}`;
  client ??= createClient({ url, retryAttempts: Infinity, shouldRetry: () => true });
  return client;
}

/** A date as the YYYY-MM-DD of its UTC day. */
export const isoDay = (d: Date | string): string => new Date(d).toISOString().slice(0, 10);

export interface Range {
  from: string;
  to: string;
  interval: "DAY" | "WEEK" | "MONTH";
}

/** The range as API arguments: from the first day's start to the end of the last day. */
export function rangeArgs(range: Range): { from: string; to: string; interval: Range["interval"] } {
  const to = new Date(`${range.to}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  return { from: `${range.from}T00:00:00Z`, to: to.toISOString(), interval: range.interval };
}
