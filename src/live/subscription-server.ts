import type http from "node:http";
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import depthLimit from "graphql-depth-limit";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { createContext, type AppServices, type Caller } from "../context";
import { authenticate, INVALID_KEY } from "../auth/api-key.service";
import { checkComplexity } from "../common/complexity";
import { badInput } from "../common/errors";
import { createErrorFormatter, logUnexpectedError } from "../common/format-error";
import { beginConnection, requestInfo } from "../http/request-info";
import { ChangeFeed } from "./change-feed";
import { CHANGE_CHANNEL, parseChangeEvent } from "./change-event";
import type { LiveContext } from "./live.service";

/** Close code for a subscriber that fell too far behind (its events were dropped). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** Close code for a connection whose `connectionParams` carry a wrong or revoked key. */
export const BAD_KEY_CLOSE_CODE = 4401;
/** Most subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

/** The GraphQL-over-WebSocket side of the server. */
export interface SubscriptionServer {
  feed: ChangeFeed;
  close(): Promise<void>;
}

/** The API key a client sends in `connectionParams`: `{ authorization: "Bearer <key>" }` (as the HTTP header) or `{ apiKey }`. */
function keyOf(params: Readonly<Record<string, unknown>> | undefined): string | null | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === "string") return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
  if (typeof params?.apiKey === "string") return params.apiKey;
  return undefined;
}

function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * Serves subscriptions (graphql-ws protocol, `ws` library) on the HTTP server's upgrade event
 * for `path`, whatever serves that path's POST and GET. Events come from the NOTIFY channel,
 * so a write through any server reaches the subscribers of all of them. Limits and keys apply
 * as for HTTP requests: depth, cost, the same auth checker (keys come in `connectionParams`).
 * Only subscriptions are taken here; queries and mutations go over HTTP.
 */
export async function attachSubscriptions(httpServer: http.Server, schema: GraphQLSchema, app: AppServices, path: string): Promise<SubscriptionServer> {
  const { config, log } = app;
  const feed = new ChangeFeed();
  const stopListening = await app.notifications.listen(CHANGE_CHANNEL, (payload) => {
    const event = parseChangeEvent(payload);
    if (event) feed.dispatch(event);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes });
  const onUpgrade = (request: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== path) return void socket.destroy();
    // A connection has a request id as a request has: sent back on the 101, on each of its log lines.
    beginConnection(request);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  wss.on("headers", (headers, request) => {
    const info = requestInfo(request);
    if (info) headers.push(`x-request-id: ${info.id}`);
  });
  httpServer.on("upgrade", onUpgrade);

  const callers = new WeakMap<object, Caller | null>();
  // Errors are logged on the connection's logger (with its id), not by the formatter.
  const format = createErrorFormatter(null, config.production);
  /** The logger of a connection: every line carries its request id. */
  const logOf = (request: http.IncomingMessage) => {
    const info = requestInfo(request);
    return info ? log.child({ reqId: info.id }) : log;
  };
  const formatted = (request: http.IncomingMessage, errors: readonly GraphQLError[]) => {
    const connectionLog = logOf(request);
    return errors.map((e) => {
      logUnexpectedError(connectionLog, e, e.path);
      return format(e.toJSON(), e);
    });
  };
  const rules = [...specifiedRules, depthLimit(config.maxDepth)];

  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        const key = keyOf(ctx.connectionParams);
        const check = key === undefined ? null : key ? await authenticate(app.ds, key) : { caller: null, refusal: INVALID_KEY };
        if (check && !check.caller) {
          logOf(ctx.extra.request).info({ reason: check.refusal }, "subscription connection refused");
          ctx.extra.socket.close(BAD_KEY_CLOSE_CODE, check.refusal);
          return false;
        }
        callers.set(ctx, check?.caller ?? null);
        return true;
      },
      onClose: (ctx, code) => {
        const info = requestInfo(ctx.extra.request);
        const ms = info ? Math.round(performance.now() - info.started) : undefined;
        logOf(ctx.extra.request).info({ path, code, ms }, "subscription connection closed");
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [coded(error as GraphQLError, "GRAPHQL_PARSE_FAILED")];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length) return invalid.map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED"));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [badInput("Unable to identify the operation: name one with operationName")];
        if (operation.operation !== "subscription") return [badInput("Only subscriptions are served over WebSocket; send queries and mutations over HTTP")];
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [badInput(`A connection may hold at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`)];
        }
        try {
          checkComplexity(schema, document, payload.variables ?? {}, payload.operationName, config.maxComplexity);
        } catch (error) {
          return [error as GraphQLError];
        }
        const socket = ctx.extra.socket;
        const base = createContext(app, callers.get(ctx) ?? null, requestInfo(ctx.extra.request));
        const contextValue: LiveContext = {
          ...base,
          live: {
            feed,
            limits: {
              maxQueue: config.subscriptionQueue,
              backedUp: () => socket.bufferedAmount > config.subscriptionBufferBytes,
              drop: () => {
                base.log.warn({ buffered: socket.bufferedAmount }, "subscriber too slow: connection closed");
                socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, "Subscriber too slow: events were dropped");
              },
            },
          },
        };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatted(ctx.extra.request, result.errors) } : undefined),
      onError: (ctx, _id, _payload, errors) => formatted(ctx.extra.request, errors),
    },
    wss,
  );

  return {
    feed,
    close: async () => {
      httpServer.off("upgrade", onUpgrade);
      await server.dispose();
      await stopListening();
    },
  };
}
