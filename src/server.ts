import http from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import depthLimit from "graphql-depth-limit";
import { createSchema } from "./schema";
import type { AppServices, Context } from "./context";
import { complexityLimitPlugin } from "./common/complexity";
import { createErrorFormatter } from "./common/format-error";
import { ErrorCode } from "./common/errors";
import { countStatements, currentTally } from "./db/statement-counter";
import { offlineGraphiQLPlugin } from "./http/graphiql";
import { LruStore, RedisStore } from "./http/cache-store";
import { HttpError } from "./http/body";
import { corsPolicy } from "./http/cors";
import { httpContext } from "./http/request-auth";
import { rateLimitRequests } from "./http/rate-limit";
import { graphqlOverHttp } from "./http/graphql-http";
import { cachePolicyPlugin, ResponseCache } from "./http/response-cache";
import { RedisContentVersion } from "./cache/redis-content-version";
import { attachSubscriptions, type SubscriptionServer } from "./live/subscription-server";
import { dashboardHandler } from "./dashboard/dashboard.route";
import { readFromReplicasPlugin } from "./db/replicas";
import { beginRequest, finishRequest, noteCacheLookup, requestInfo } from "./http/request-info";
import { requestObservationPlugin } from "./http/observe-plugin";
import { operationsRoutes } from "./http/operations";
import { compiledReadsPlugin } from "./read-plan/compiled-reads.plugin";

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
  /** From now on /readyz answers 503 (draining) while requests are still served. */
  drain(): void;
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

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/** A cached body as the statement counter reports it: served without a statement. */
function zeroStatementCount(body: string): string {
  const parsed = JSON.parse(body) as { extensions?: Record<string, unknown> };
  parsed.extensions = { ...parsed.extensions, sqlStatements: 0 };
  return JSON.stringify(parsed);
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
  // Answers that may be cached are stored whole by the HTTP layer (src/http/response-cache.ts).
  if (config.cacheMaxAgeSeconds > 0) plugins.push(cachePolicyPlugin());
  if (config.exposeSqlCount) plugins.push(statementCountPlugin());
  if (app.replicas) plugins.push(readFromReplicasPlugin(app.replicas));
  // After the replica choice (didResolveOperation), before execution: compiled story pages and feeds.
  if (config.compiledReads) plugins.push(compiledReadsPlugin(schema, config.cacheMaxAgeSeconds));
  plugins.push(requestObservationPlugin());

  const apollo = new ApolloServer<Context>({
    schema,
    cache: cacheStore,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: [depthLimit(config.maxDepth)],
    // Errors are logged by requestObservationPlugin, on the request's logger (with its id).
    formatError: createErrorFormatter(null, config.production),
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: drain HTTP, then close the database, then exit.
    stopOnTerminationSignals: false,
    plugins,
  });
  await apollo.start();

  const graphql = graphqlOverHttp<Context>({
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    context: httpContext(app),
    cache: config.cacheMaxAgeSeconds > 0 ? new ResponseCache(cacheStore, () => app.contentVersion.current(), config.cacheMaxAgeSeconds) : undefined,
    onCacheHit: config.exposeSqlCount ? zeroStatementCount : undefined,
    onCacheLookup: noteCacheLookup,
  });

  const dashboard = dashboardHandler();
  let draining = false;
  const operations = operationsRoutes(app, () => draining);
  const applyCors = corsPolicy(config.corsOrigins);
  const rateLimit = rateLimitRequests(app); // null unless RATE_LIMIT_PER_MINUTE is set
  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?", 1)[0];
    const info = beginRequest(req, res);
    res.once("close", () => finishRequest(req, res, info, path, path === GRAPHQL_PATH || path === GRAPHQL_PATH + "/", log));
    if (await operations(req, res, path)) return;
    if (path !== GRAPHQL_PATH && path !== GRAPHQL_PATH + "/") {
      return dashboard(req, res, () => sendJson(res, 404, { errors: [{ message: `No route for ${req.method} ${path}` }] }));
    }
    if (applyCors(req, res)) return;
    if (rateLimit && (await rateLimit(req, res))) return;
    if (config.exposeSqlCount) {
      // Async-local storage costs every promise a hook: only when statement counts are wanted.
      return countStatements({ count: 0 }, () => graphql(req, res));
    }
    return graphql(req, res);
  };
  httpServer.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      // Body too large or not JSON: a GraphQL-shaped error, not an HTML page.
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) log.error({ err, reqId: requestInfo(req)?.id }, "http error");
      const message = err instanceof HttpError ? err.message : "Internal server error";
      if (res.headersSent) return res.destroy();
      sendJson(res, status, { errors: [{ message, extensions: { code: status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR } }] });
    });
  });
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
    drain: () => {
      draining = true;
    },
    stop: async () => {
      draining = true;
      await live.close();
      await apollo.stop();
    },
  };
}
