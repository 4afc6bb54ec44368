import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import { QueryFailedError } from "typeorm";
import type { AppLogger } from "./logger";
import { ErrorCode } from "./errors";

const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.QUERY_TOO_COMPLEX,
  "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE", "BAD_REQUEST", ErrorCode.SERVICE_UNAVAILABLE,
]);

/** Whether an error means the database cannot be reached (it is restarting, say). */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  const message = e?.message ?? "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001", "08003"].includes(e?.code ?? "") ||
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(message)
  );
}

/** How an unexpected error is told: the database is unreachable (a warning), or anything else (an error). */
export function unexpectedErrorKind(error: unknown): "unavailable" | "internal" | null {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) return null;
  const code = (original as { extensions?: { code?: string } } | undefined)?.extensions?.code;
  if (code && CLIENT_CODES.has(code)) return null;
  return isDatabaseUnavailable(original) ? "unavailable" : "internal";
}

/** Logs an unexpected error once, on the logger of the request it happened in. */
export function logUnexpectedError(log: AppLogger, error: unknown, path?: readonly (string | number)[]): void {
  const original = unwrapResolverError(error);
  const kind = unexpectedErrorKind(error);
  if (kind === "unavailable") log.warn({ err: original }, "database unavailable");
  else if (kind === "internal") log.error({ err: original, path }, original instanceof QueryFailedError ? "database error" : "unexpected error");
}

/**
 * One place that decides what a client sees of an error: validation problems become
 * BAD_USER_INPUT with their details; our own coded errors pass; database and unexpected
 * errors are masked, so SQL and stack traces never reach a client. With `log`, it also logs
 * them; without (HTTP requests), requestObservationPlugin logs them with the request's id.
 */
export function createErrorFormatter(log: AppLogger | null, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const problems = original.extensions.validationErrors as { property: string; constraints?: Record<string, string>; children?: unknown[] }[];
      const messages = flattenValidation(problems);
      return { message: messages.join("; ") || "Invalid argument", locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT, problems: messages } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_CODES.has(code)) {
      const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: production ? { code, ...pick(extensions, ["argument", "field", "problems", "complexity", "maxComplexity"]) } : extensions };
    }
    if (log) logUnexpectedError(log, error, formatted.path);
    if (isDatabaseUnavailable(original)) {
      return { message: "The database is unavailable; try again shortly", path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
}

function flattenValidation(problems: { property: string; constraints?: Record<string, string>; children?: unknown[] }[], prefix = ""): string[] {
  return problems.flatMap((p) => [
    ...Object.values(p.constraints ?? {}).map((m) => (prefix && !m.startsWith(prefix) ? `${prefix}${m}` : m)),
    ...flattenValidation((p.children ?? []) as typeof problems, `${prefix}${p.property}.`),
  ]);
}
