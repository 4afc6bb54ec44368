import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import type { FormattedExecutionResult } from "graphql";
import type { TestServer } from "./harness";

/** The WebSocket URL of a test server's GraphQL endpoint. */
export const wsUrl = (t: TestServer): string => t.url.replace(/^http/, "ws");

/** A graphql-ws client (the real library) for a test server; `params` are its connectionParams. */
export function liveClient(t: TestServer, params?: Record<string, unknown>): Client {
  return createClient({ url: wsUrl(t), webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
}

/** One subscription as a queue of results: `next()` waits for the next one. */
export interface LiveSubscription<T = Record<string, any>> {
  next(): Promise<FormattedExecutionResult<T, unknown>>;
  close(): Promise<void>;
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables?: Record<string, unknown>): LiveSubscription<T> {
  const iterator = client.iterate<T>({ query, variables });
  return {
    async next() {
      const { value, done } = await iterator.next();
      if (done) throw new Error("subscription ended");
      return value;
    },
    async close() {
      await iterator.return?.();
    },
  };
}

/** Waits until `condition` holds (the server registered a subscription, say); fails after `ms`. */
export async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
