import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "graphql";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { ApolloGateway, IntrospectAndCompose } from "@apollo/gateway";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { loadDemoStories } from "../src/demo/load-demo";

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Article { id slug headline }
    ... on Country { code name }
    ... on Source { code name }
  }
}`;

/** A second, tiny subgraph that extends Article with a comment count (the length of its id). */
const COMMENTS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Article @key(fields: "id") { id: ID! commentCount: Int! }
`;

interface GatewayArticle {
  id: string;
  headline: string;
  commentCount: number;
  countries: { code: string }[];
  related: { title: string; article: { id: string; headline: string; commentCount: number } | null }[];
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.each(DATABASES)("Apollo Federation subgraph (%s)", (db) => {
  let t: TestServer;
  let articleIds: string[] = [];

  beforeAll(async () => {
    // Statement counts are compared below: no response cache to hide queries.
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    await loadDemoStories(t.app);
    const res = await t.gql(`{ articles(first: 5) { edges { node { id } } } }`);
    expect(res.errors).toBeUndefined();
    articleIds = res.data!.articles.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(articleIds).toHaveLength(5);
  });
  afterAll(() => t?.close());

  it("publishes a federation v2 SDL with the entity keys", async () => {
    const res = await t.gql(`{ _service { sdl } }`);
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data!._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2');
    for (const type of ["Article", "Person", "Relation"]) {
      expect(sdl, type).toMatch(new RegExp(`type ${type}\\b[^{]*@key\\(fields: "id"\\)`));
    }
    for (const type of ["Country", "Source"]) {
      expect(sdl, type).toMatch(new RegExp(`type ${type}\\b[^{]*@key\\(fields: "code"\\)`));
    }
  });

  it("resolves _entities in order, batching the article lookups", async () => {
    const reps = (ids: string[]) => [
      ...ids.map((id) => ({ __typename: "Article", id })),
      { __typename: "Country", code: "IR" },
      { __typename: "Source", code: "IP" },
    ];
    const two = await t.gql(ENTITIES, { representations: reps(articleIds.slice(0, 2)) });
    const five = await t.gql(ENTITIES, { representations: reps(articleIds) });
    expect(two.errors).toBeUndefined();
    expect(five.errors).toBeUndefined();

    const entities = five.data!._entities;
    expect(entities).toHaveLength(7);
    expect(entities.slice(0, 5).map((e: { __typename: string; id: string }) => [e.__typename, e.id])).toEqual(
      articleIds.map((id) => ["Article", id]),
    );
    for (const a of entities.slice(0, 5)) expect(a.headline).toEqual(expect.any(String));
    expect(entities[5]).toMatchObject({ __typename: "Country", code: "IR", name: "Iran" });
    expect(entities[6]).toMatchObject({ __typename: "Source", code: "IP", name: "Iran Press" });
    expect(two.data!._entities.map((e: { __typename: string }) => e.__typename)).toEqual(["Article", "Article", "Country", "Source"]);

    // One statement per type, whatever the number of representations.
    expect(typeof five.extensions!.sqlStatements).toBe("number");
    console.info(`_entities: ${five.extensions!.sqlStatements} statements for 5 articles, a country and a source`);
    expect(five.extensions!.sqlStatements).toBe(two.extensions!.sqlStatements);
    expect(five.extensions!.sqlStatements).toBeLessThanOrEqual(3);
  });

  it("returns null for a representation that names nothing", async () => {
    const res = await t.gql(ENTITIES, {
      representations: [
        { __typename: "Article", id: "00000000-0000-4000-8000-000000000000" },
        { __typename: "Article", id: articleIds[0] },
      ],
    });
    expect(res.errors ?? []).toEqual([]);
    expect(res.data!._entities[0]).toBeNull();
    expect(res.data!._entities[1]).toMatchObject({ __typename: "Article", id: articleIds[0] });
  });

  describe("behind @apollo/gateway with a second subgraph", () => {
    let comments: ApolloServer;
    let gateway: ApolloServer;
    let gatewayUrl: string;

    beforeAll(async () => {
      comments = new ApolloServer({
        plugins: [ApolloServerPluginInlineTraceDisabled()],
        schema: buildSubgraphSchema({
          typeDefs: parse(COMMENTS_SDL),
          resolvers: {
            Article: {
              __resolveReference: (ref: { id: string }) => ({ id: ref.id, commentCount: ref.id.length }),
            },
          } as never,
        }),
      });
      const { url: commentsUrl } = await startStandaloneServer(comments, { listen: { port: 0, host: "127.0.0.1" } });

      gateway = new ApolloServer({
        gateway: new ApolloGateway({
          logger: silent,
          supergraphSdl: new IntrospectAndCompose({
            subgraphs: [
              { name: "newsgraph", url: t.url },
              { name: "comments", url: commentsUrl },
            ],
          }),
        }),
      });
      ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: "127.0.0.1" } }));
    });
    afterAll(async () => {
      await gateway?.stop();
      await comments?.stop();
    });

    const viaGateway = async (slug: string) => {
      const res = await fetch(gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `query($slug: String!) { article(slug: $slug) {
            id headline commentCount countries { code }
            related { title article { id headline commentCount } }
          } }`,
          variables: { slug },
        }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data?: { article: GatewayArticle }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data!.article;
    };

    it("serves a story with fields from both subgraphs", async () => {
      const article = await viaGateway("raisi-iran-cuba-relations-are-strategic");
      expect(article.headline).toMatch(/\S/);
      expect(article.commentCount).toBe(article.id.length);
      // The US is named only in a printed link title: a country of the linked story, not of this one.
      expect(article.countries.map((c: { code: string }) => c.code)).toEqual(["IR", "CU"]);
      // Three printed links: one names a demo story (resolved, extended by the second subgraph),
      // the other two name stories the demo set does not hold (pending: article null).
      expect(article.related).toHaveLength(3);
      const [related, ...pending] = article.related;
      expect(related.title).toBe("Iran reacts to US defeat in launching global unrest against Cuba");
      expect(related.article).toBeNull();
      const resolved = pending.find((r) => r.article);
      expect(resolved?.article).toMatchObject({ headline: "Iran, Cuba must shore up ties to face US sanctions" });
      expect(resolved?.article?.commentCount).toBe(resolved?.article?.id.length);
      expect(pending.filter((r) => !r.article)).toHaveLength(1);
    });

    it("extends related stories through the second subgraph too", async () => {
      const article = await viaGateway("iran-and-cuba-hold-joint-economic-commission-meeting-in-havana");
      expect(article.commentCount).toBe(article.id.length);
      expect(article.related).toHaveLength(3);
      for (const r of article.related) {
        expect(r.title).toMatch(/\S/);
        expect(r.article!.headline).toMatch(/\S/);
        expect(r.article!.commentCount).toBe(r.article!.id.length);
      }
    });
  });
});
