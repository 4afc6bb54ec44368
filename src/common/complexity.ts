import type { ApolloServerPlugin } from "@apollo/server";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { separateOperations, type DocumentNode, type GraphQLSchema } from "graphql";
import { AppError, ErrorCode } from "./errors";

/** A list field costs its children times the number of items asked for (`first`). */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : undefined;
  return first === undefined ? undefined : 1 + childComplexity * Math.max(first, 1);
};

/**
 * Throws QUERY_TOO_COMPLEX when an operation's estimated cost (lists weighted by `first`) is
 * over the limit; variables that do not fit their types are BAD_USER_INPUT. Used for HTTP
 * requests (the plugin below) and for subscriptions over WebSocket alike.
 */
export function checkComplexity(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined, maxComplexity: number): void {
  const query = operationName ? (separateOperations(document)[operationName] ?? document) : document;
  let complexity: number;
  try {
    complexity = getComplexity({ schema, query, variables, estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  } catch (error) {
    // Variables that do not fit their types: the client's mistake, said plainly.
    throw new AppError(ErrorCode.BAD_USER_INPUT, (error as Error).message, { http: { status: 400 } });
  }
  if (complexity > maxComplexity) {
    throw new AppError(ErrorCode.QUERY_TOO_COMPLEX, `Query cost ${complexity} is over the limit of ${maxComplexity}; ask for fewer items`, {
      complexity,
      maxComplexity,
      http: { status: 400 },
    });
  }
}

/** Rejects an operation over the cost limit before anything runs (see checkComplexity); alias bombs add up here too. */
export function complexityLimitPlugin(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          checkComplexity(schema, document, request.variables ?? {}, operationName, maxComplexity);
        },
      };
    },
  };
}
