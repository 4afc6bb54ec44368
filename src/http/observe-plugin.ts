import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { logUnexpectedError } from "../common/format-error";
import { currentTally } from "../db/statement-counter";
import { sqlStatementsPerRequest } from "../common/metrics";

/**
 * Tells the HTTP layer what GraphQL made of a request (operation name, outcome: `ok` or the
 * first error's code) for its log line and metrics, and logs unexpected errors on the
 * request's own logger, so the line carries the request id.
 */
export function requestObservationPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) logUnexpectedError(contextValue.log, error, error.path);
        },
        async willSendResponse({ contextValue, response, operationName }) {
          const info = contextValue.request;
          if (info) {
            const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
            info.operation = operationName ?? null;
            info.outcome = errors?.length ? String(errors[0].extensions?.code ?? "INTERNAL_SERVER_ERROR").toLowerCase() : "ok";
          }
          // Per-request statement counts exist only where EXPOSE_SQL_COUNT keeps a tally.
          const tally = currentTally();
          if (tally) sqlStatementsPerRequest.observe(tally.count);
        },
      };
    },
  };
}
