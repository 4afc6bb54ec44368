import pg from "pg";
import type { AppLogger } from "../common/logger";

/** Receives NOTIFY payloads of one channel; resolves to a function that stops listening. */
export interface NotificationSource {
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** What the change feed needs of an embedded database (PGlite's `listen`). */
export interface ListeningDatabase {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The embedded database: PGlite has one session, and it hears the NOTIFYs it commits itself. */
export class EmbeddedNotifications implements NotificationSource {
  constructor(private readonly pglite: ListeningDatabase) {}
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.pglite.listen(channel, onPayload);
  }
  async close(): Promise<void> {}
}

type Handler = (payload: string) => void;

/**
 * PostgreSQL: LISTEN holds a session, so it gets its own client outside the pool (a pooled
 * connection goes back to other work, and a transaction-mode pooler would drop the LISTEN).
 * A lost connection (database restart, network) is opened again with growing pauses; what
 * was sent while it was down is not replayed.
 */
export class PgNotifications implements NotificationSource {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: AppLogger,
  ) {}

  async listen(channel: string, onPayload: Handler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) await this.client.query(`LISTEN ${this.client.escapeIdentifier(channel)}`);
    }
    set.add(onPayload);
    await (this.client ? Promise.resolve() : this.connect());
    return async () => {
      set.delete(onPayload);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Opens the session and LISTENs on every channel; on failure, tries again later. */
  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: "newsgraph-listen", connectionTimeoutMillis: 3000, keepAlive: true });
      client.on("notification", (n) => {
        for (const handler of this.handlers.get(n.channel) ?? []) handler(n.payload ?? "");
      });
      client.on("error", (error) => this.lost(client, error));
      client.on("end", () => this.lost(client));
      try {
        await client.connect();
        for (const channel of this.handlers.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
        if (this.closed) return void (await client.end());
        if (this.failures > 0) this.log.info("change feed: listening again");
        this.client = client;
        this.failures = 0;
      } catch (error) {
        this.lost(client, error as Error);
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private lost(client: pg.Client, error?: Error): void {
    client.removeAllListeners("end");
    client.removeAllListeners("notification");
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    if (this.client === client) this.client = null;
    if (this.closed || this.retryTimer) return;
    this.failures++;
    const pause = Math.min(250 * 2 ** Math.min(this.failures - 1, 6), 10_000);
    this.log.warn({ err: error, retryInMs: pause }, "change feed: lost the LISTEN connection");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, pause);
    this.retryTimer.unref();
  }
}
