import { buildSchema } from "type-graphql";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { parse, type GraphQLSchema } from "graphql";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { createResolversMap } from "type-graphql";
import { ArticleResolver, QuoteResolver } from "./article/article.resolver";
import { authChecker } from "./auth/auth-checker";
import { NodeResolver } from "./common/node.resolver";
import { CountryResolver } from "./country/country.resolver";
import { IngestResolver } from "./ingest/ingest.resolver";
import { PersonResolver } from "./person/person.resolver";
import { RelationResolver } from "./relation/relation.resolver";
import { SourceResolver } from "./source/source.resolver";
import { entityReferenceResolvers } from "./federation";
import { ArticleChangeResolver, RelationChangeResolver } from "./live/live.resolver";
import { ArticleCountsResolver } from "./article/article-counts.resolver";
import { RevisionResolver } from "./revision/revision.resolver";
import { ArticleClusterResolver, ClusterResolver } from "./cluster/cluster.resolver";

const RESOLVERS = [NodeResolver, ArticleResolver, QuoteResolver, PersonResolver, CountryResolver, SourceResolver, RelationResolver, IngestResolver, ArticleChangeResolver, RelationChangeResolver, ArticleCountsResolver, RevisionResolver, ClusterResolver, ArticleClusterResolver] as const;

/** Federation v2 header and the directive definitions the subgraph's SDL relies on. */
const SUBGRAPH_HEADER = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
enum CacheControlScope { PUBLIC PRIVATE }
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

let built: Promise<GraphQLSchema> | undefined;

/**
 * The executable schema: TypeGraphQL resolvers (validation and auth included) served as an
 * Apollo Federation v2 subgraph, so `_service` and `_entities` work next to the API itself.
 * See https://typegraphql.com/docs/examples (apollo-federation-2) for the pattern.
 */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= (async () => {
    const typeSchema = await buildSchema({
      resolvers: RESOLVERS,
      authChecker,
      validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
      skipCheck: true,
      // Every @Subscription brings its own `subscribe` (the change feed, src/live); TypeGraphQL
      // still wants a PubSub to exist, so it gets one that says where events really come from.
      pubSub: {
        publish: () => {
          throw new Error("publish change events with afterCommit (src/live/after-commit.ts)");
        },
        subscribe: () => {
          throw new Error("subscriptions read the change feed (src/live/live.service.ts)");
        },
      },
    });
    const sdl = printSchemaWithDirectives(typeSchema);
    const resolvers = createResolversMap(typeSchema) as GraphQLResolverMap<unknown>;
    for (const [type, resolveReference] of Object.entries(entityReferenceResolvers)) {
      (resolvers[type] as Record<string, unknown>).__resolveReference = resolveReference;
    }
    return buildSubgraphSchema({ typeDefs: parse(SUBGRAPH_HEADER + sdl), resolvers });
  })();
  return built;
}

/** The schema as written to schema/schema.graphql (the subgraph SDL a gateway composes). */
export async function printSchemaFile(): Promise<string> {
  return printSubgraphSchema(await createSchema()).trim() + "\n";
}
