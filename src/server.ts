import http from "node:http";
import express from "express";
import cors from "cors";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import depthLimit from "graphql-depth-limit";
import { GraphQLError } from "graphql";
import { createSchema } from "./schema";
import { createContext, type AppServices, type Context } from "./context";
import { authenticate } from "./auth/api-key.service";
import { complexityLimitPlugin } from "./common/complexity";
import { createErrorFormatter } from "./common/format-error";
import { ErrorCode } from "./common/errors";
import { countStatements, currentTally, type StatementTally } from "./db/statement-counter";
import { offlineGraphiQLPlugin } from "./http/graphiql";
import { LruStore, RedisStore } from "./http/cache-store";
import { RedisContentVersion } from "./cache/redis-content-version";
import { attachSubscriptions, type SubscriptionServer } from "./live/subscription-server";

/** The GraphQL endpoint path. */
export const GRAPHQL_PATH = "/graphql";

/** A server built but not listening: tests and main() decide the port. */
export interface NewsgraphServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Subscriptions over WebSocket (graphql-ws) on the same path. */
  live: SubscriptionServer;
  /** Listens on `port` (0: any free port) and resolves with the URL of the endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish, then stops. */
  stop(): Promise<void>;
}

/** Adds `extensions.sqlStatements` (statements this request ran) when enabled. */
function statementCountPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const tally = currentTally();
          if (tally && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: tally.count };
          }
        },
      };
    },
  };
}

/** Builds the Apollo Server and its HTTP app over the application's services. */
export async function createServer(app: AppServices): Promise<NewsgraphServer> {
  const { config, log } = app;
  const schema = await createSchema();
  const httpServer = http.createServer();
  const cacheStore = app.contentVersion instanceof RedisContentVersion ? new RedisStore(app.contentVersion.redis) : new LruStore();

  const plugins: ApolloServerPlugin<Context>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginInlineTraceDisabled(),
    // Hints come from @cacheControl on types; headers are not sent, so browsers and proxies never
    // keep a page past an ingest: the response cache below is keyed on the content version instead.
    config.cacheMaxAgeSeconds > 0
      ? ApolloServerPluginCacheControl({ defaultMaxAge: config.cacheMaxAgeSeconds, calculateHttpHeaders: false })
      : ApolloServerPluginCacheControlDisabled(),
    complexityLimitPlugin(schema, config.maxComplexity),
    config.introspection ? offlineGraphiQLPlugin(GRAPHQL_PATH) : ApolloServerPluginLandingPageDisabled(),
  ];
  if (config.cacheMaxAgeSeconds > 0) {
    plugins.push(
      responseCachePlugin({
        // Every write moves the content version, so a cached page never outlives the data it shows.
        extraCacheKeyData: () => app.contentVersion.current(),
        // Keys identify a caller; cache only anonymous reads.
        shouldReadFromCache: async ({ request }) => !request.http?.headers.get("authorization"),
        shouldWriteToCache: async ({ request }) => !request.http?.headers.get("authorization"),
      }),
    );
  }
  if (config.exposeSqlCount) plugins.push(statementCountPlugin());

  const apollo = new ApolloServer<Context>({
    schema,
    cache: cacheStore,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: [depthLimit(config.maxDepth)],
    formatError: createErrorFormatter(log, config.production),
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: drain HTTP, then close the database, then exit.
    stopOnTerminationSignals: false,
    plugins,
  });
  await apollo.start();

  const web = express();
  web.disable("x-powered-by");
  web.get("/healthz", async (_req, res) => {
    try {
      await app.ds.query("SELECT 1");
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });
  if (config.exposeSqlCount) {
    // Async-local storage costs every promise a hook: only when statement counts are wanted.
    web.use(GRAPHQL_PATH, (_req, _res, next) => {
      const tally: StatementTally = { count: 0 };
      countStatements(tally, next);
    });
  }
  web.use(
    GRAPHQL_PATH,
    cors(),
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers.authorization;
        if (!header) return createContext(app, null);
        const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        const caller = key ? await authenticate(app.ds, key) : null;
        if (!caller) {
          throw new GraphQLError("Invalid or revoked API key", { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
        }
        return createContext(app, caller);
      },
    }),
  );
  // Body too large or not JSON: a GraphQL-shaped error, not an HTML page.
  web.use((err: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err) return next();
    const status = err.status ?? 500;
    const message = err.type === "entity.too.large" ? `Request body is larger than ${config.maxBodyBytes} bytes` : status < 500 ? (err.message ?? "Bad request") : "Internal server error";
    if (status >= 500) log.error({ err }, "http error");
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR } }] });
  });
  httpServer.on("request", web);
  const live = await attachSubscriptions(httpServer, schema, app, GRAPHQL_PATH);

  return {
    httpServer,
    apollo,
    live,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          const actual = typeof address === "object" && address ? address.port : port;
          resolve(`http://${host && host !== "0.0.0.0" ? host : "localhost"}:${actual}${GRAPHQL_PATH}`);
        });
      }),
    stop: async () => {
      await live.close();
      await apollo.stop();
    },
  };
}
