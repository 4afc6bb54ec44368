import { GraphQLError } from "graphql";

/** The error codes a client can see in `extensions.code` (SPEC §4). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
  /** Over RATE_LIMIT_PER_MINUTE (HTTP 429 with Retry-After). */
  RATE_LIMITED = "RATE_LIMITED",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** An error meant for the client: its message and code are shown as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const badInput = (message: string, extensions: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, extensions);
export const notFound = (message: string) => new AppError(ErrorCode.NOT_FOUND, message);
