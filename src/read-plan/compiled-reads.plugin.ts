import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Context } from "../context";
import { readPlanFor } from "./read-plan";
import { compiledReads } from "../common/metrics";

/**
 * Answers the operations read-plan.ts compiles (story page, country feed and the like) from
 * their one statement, after Apollo Server has parsed, validated, cost-checked and made the
 * context as for any request; every other operation, and any request the plan declines, runs
 * the resolvers. `defaultAge` is the cache-control default max age (0: response cache off):
 * the answer's cache policy is the one the general path would compute.
 */
export function compiledReadsPlugin(schema: GraphQLSchema, defaultAge: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation(request) {
          const { operation, document } = request;
          if (!operation || !document) return null;
          const plan = readPlanFor(schema, document, operation, request.request.variables, defaultAge);
          if (!plan) return null;
          let result;
          try {
            result = await plan.run(request.contextValue, request.request.variables);
          } catch (err) {
            // A database error: the general path runs the read again and reports it as it always does.
            request.contextValue.log.debug({ err }, "compiled read failed; the resolvers answer");
            compiledReads.inc({ result: "declined" });
            return null;
          }
          compiledReads.inc({ result: result ? "answered" : "declined" });
          if (!result) return null;
          if (defaultAge > 0 && result.maxAge !== undefined) request.overallCachePolicy.restrict({ maxAge: result.maxAge });
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: result.data } } };
        },
      };
    },
  };
}
