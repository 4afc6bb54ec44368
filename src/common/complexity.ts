import type { ApolloServerPlugin } from "@apollo/server";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { Kind, separateOperations, visit, type DocumentNode, type GraphQLSchema, type ValueNode } from "graphql";
import { AppError, ErrorCode } from "./errors";

/** A list field costs its children times the number of items asked for (`first`). */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : undefined;
  return first === undefined ? undefined : 1 + childComplexity * Math.max(first, 1);
};

/** Arguments whose values change the estimate: `first` (page sizes) and `if` (@skip, @include). */
const COSTED_ARGUMENTS = new Set(["first", "if"]);

/** Per parsed document (Apollo Server keeps one per query text): the variables its estimate reads, and estimates made. */
const estimates = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, number> }>();

function variablesIn(value: ValueNode, out: Set<string>): void {
  if (value.kind === Kind.VARIABLE) out.add(value.name.value);
  else if (value.kind === Kind.LIST) value.values.forEach((v) => variablesIn(v, out));
  else if (value.kind === Kind.OBJECT) value.fields.forEach((f) => variablesIn(f.value, out));
}

/**
 * The estimate of an operation, computed once per document and values of the variables it
 * reads (a story page asks for the same cost whatever its slug): walking the document with
 * type information cost about a twentieth of a feed request.
 */
function estimate(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined): number {
  let entry = estimates.get(document);
  if (!entry) {
    const read = new Set<string>();
    visit(document, { Argument: (node) => (COSTED_ARGUMENTS.has(node.name.value) ? variablesIn(node.value, read) : undefined) });
    entry = { variables: [...read], byKey: new Map() };
    estimates.set(document, entry);
  }
  const key = JSON.stringify([operationName ?? null, ...entry.variables.map((v) => variables[v] ?? null)]);
  let complexity = entry.byKey.get(key);
  if (complexity === undefined) {
    const query = operationName ? (separateOperations(document)[operationName] ?? document) : document;
    complexity = getComplexity({ schema, query, variables, estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })] });
    if (entry.byKey.size < 100) entry.byKey.set(key, complexity);
  }
  return complexity;
}

/**
 * Throws QUERY_TOO_COMPLEX when an operation's estimated cost (lists weighted by `first`) is
 * over the limit; variables that do not fit their types are BAD_USER_INPUT. Used for HTTP
 * requests (the plugin below) and for subscriptions over WebSocket alike.
 */
export function checkComplexity(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined, maxComplexity: number): void {
  let complexity: number;
  try {
    complexity = estimate(schema, document, variables, operationName);
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
