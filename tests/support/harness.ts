import "reflect-metadata";
import pg from "pg";
import { loadConfig, type Config } from "../../src/config";
import { openApp, type App } from "../../src/app";
import { createServer, type NewsgraphServer } from "../../src/server";
import { createLogger } from "../../src/common/logger";
import { createApiKey } from "../../src/auth/api-key.service";
import { Role } from "../../src/auth/api-key.entity";

/** Databases every end-to-end test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASES: ("pglite" | "postgres")[] = ["pglite", ...(process.env.TEST_DATABASE_URL ? (["postgres"] as const) : [])];

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
  headers: Headers;
}

/** A running server on a fresh database, reached over real HTTP. */
export interface TestServer {
  url: string;
  app: App;
  server: NewsgraphServer;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Creates a throw-away PostgreSQL database next to TEST_DATABASE_URL's; returns its URL and a drop function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `newsgraph_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts a server on a fresh database of `kind` (no demo data unless asked); with
 * `overrides.databaseUrl`, on that existing PostgreSQL database instead (a second replica).
 */
export async function startTestServer(kind: "pglite" | "postgres", overrides: Partial<Config> = {}): Promise<TestServer> {
  const db = kind === "postgres" && !overrides.databaseUrl ? await freshPostgresDatabase() : null;
  const config = loadConfig(
    { DATA_DIR: "memory://", ...(db ? { DATABASE_URL: db.url } : {}) },
    { exposeSqlCount: true, demoData: false, port: 0, host: "127.0.0.1", ...overrides },
  );
  const app = await openApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"));
  const server = await createServer(app);
  const url = await server.listen(0, "127.0.0.1");
  return {
    url,
    app,
    server,
    async gql(query, variables, headers = {}) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse, "status" | "headers">;
      return { ...body, status: res.status, headers: res.headers } as GraphQLResponse<any>;
    },
    async close() {
      await server.stop();
      await app.close();
      await db?.drop();
    },
  };
}

/**
 * More servers over one test server's app (database, Redis connection), each with some settings
 * changed: transport features (CORS, rate limits) are tried in several setups on one database.
 * `serve` resolves with the new server's URL; `close` stops them all.
 */
export function serversOn(base: () => TestServer) {
  const servers: NewsgraphServer[] = [];
  return {
    async serve(overrides: Partial<Config>): Promise<string> {
      const { app } = base();
      const server = await createServer({ ...app, config: { ...app.config, ...overrides } });
      servers.push(server);
      return server.listen(0, "127.0.0.1");
    },
    async close(): Promise<void> {
      for (const server of servers.splice(0)) await server.stop();
    },
  };
}

/**
 * Two servers on one throw-away PostgreSQL database, as two replicas behind a load balancer,
 * with an editor key both accept. `close` stops both (and drops the database).
 */
export async function startServerPair(keyName: string): Promise<{ a: TestServer; b: TestServer; editor: Record<string, string>; close(): Promise<void> }> {
  const a = await startTestServer("postgres");
  const b = await startTestServer("postgres", { databaseUrl: a.app.config.databaseUrl }).catch(async (error) => {
    await a.close();
    throw error;
  });
  const editor = { authorization: `Bearer ${(await createApiKey(a.app.ds, Role.EDITOR, keyName)).key}` };
  return {
    a,
    b,
    editor,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}

/** The error codes of a response, in order. */
export const codes = (res: GraphQLResponse): string[] => (res.errors ?? []).map((e) => e.extensions?.code);
