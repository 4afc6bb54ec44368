import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { authenticate, INVALID_KEY, type KeyCheck } from "../auth/api-key.service";
import { createRequestContext, type AppServices, type Context } from "../context";
import { ErrorCode } from "../common/errors";
import { requestInfo } from "./request-info";

const checks = new WeakMap<IncomingMessage, Promise<KeyCheck | null>>();

/**
 * The check of a request's `Authorization: Bearer <key>`, made once per request however many
 * ask (the rate limiter, then the GraphQL context); null when the request sends no key.
 */
export function requestKeyCheck(ds: DataSource, req: IncomingMessage): Promise<KeyCheck | null> {
  let check = checks.get(req);
  if (!check) {
    const header = req.headers.authorization;
    const key = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!header) check = Promise.resolve(null);
    else check = key ? authenticate(ds, key) : Promise.resolve({ caller: null, refusal: INVALID_KEY });
    checks.set(req, check);
  }
  return check;
}

/**
 * The GraphQL context of an HTTP request: the caller its key identifies and its request id.
 * A key that is refused (unknown, revoked, expired) answers 401 UNAUTHENTICATED saying why.
 */
export function httpContext(app: AppServices): (req: IncomingMessage) => Promise<Context> {
  return async (req) => {
    const check = await requestKeyCheck(app.ds, req);
    if (check && !check.caller) {
      throw new GraphQLError(check.refusal, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
    }
    return createRequestContext(app, check?.caller ?? null, requestInfo(req));
  };
}
