import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from "@apollo/client/core";
import { relayStylePagination } from "@apollo/client/utilities";
import { filter, firstValueFrom } from "rxjs";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { loadDemoStories } from "../src/demo/load-demo";

const ARTICLES = gql`
  query Articles($first: Int!, $after: String) {
    articles(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          slug
          headline
        }
      }
    }
  }
`;

const STORY_PAGE = gql`
  query StoryPage($slug: String!) {
    article(slug: $slug) {
      id
      headline
      summary
      publishedAt
      source {
        id
        code
        name
      }
      countries {
        id
        code
        name
      }
      related {
        kind
        title
        article {
          id
          headline
        }
      }
    }
  }
`;

const NODE_HEADLINE = gql`
  query NodeHeadline($id: ID!) {
    node(id: $id) {
      id
      ... on Article {
        headline
      }
    }
  }
`;

const SLUG = "raisi-iran-cuba-relations-are-strategic";

interface ArticlesData {
  articles: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { __typename: string; id: string; slug: string; headline: string } }[];
  };
}

interface StoryPageData {
  article: {
    __typename: "Article";
    id: string;
    headline: string;
    source: { __typename: "Source"; id: string; code: string; name: string };
  };
}

interface NodeHeadlineData {
  node: { __typename: string; id: string; headline?: string } | null;
}

function newClient(uri: string) {
  return new ApolloClient({
    link: new HttpLink({ uri, fetch }),
    cache: new InMemoryCache({
      possibleTypes: { Node: ["Article", "Person", "Country", "Source", "Relation"], Entity: ["Article", "Person", "Country"] },
      typePolicies: { Query: { fields: { articles: relayStylePagination(["filter", "orderBy"]) } } },
    }),
  });
}

describe.each(DATABASES)("a real Apollo Client (%s)", (db) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(db);
    await loadDemoStories(t.app);
  });
  afterAll(() => t?.close());

  it("merges a fetchMore page into one relay-style list, like fetching 10 at once", async () => {
    const client = newClient(t.url);
    const watched = client.watchQuery<ArticlesData>({ query: ARTICLES, variables: { first: 5 } });
    const sub = watched.subscribe(() => {});
    try {
      const first = await firstValueFrom(watched.pipe(filter((r) => !r.loading && r.dataState === "complete")));
      const page1 = first.data as ArticlesData;
      expect(page1.articles.edges).toHaveLength(5);
      expect(page1.articles.pageInfo.hasNextPage).toBe(true);

      await watched.fetchMore({ variables: { after: page1.articles.pageInfo.endCursor } });
      // The cache holds one list of ten under Query.articles (keyed by filter and orderBy only)...
      const merged = client.readQuery<ArticlesData>({ query: ARTICLES, variables: { first: 5 } })!;
      // ...and the watching query is told about it.
      const update = await firstValueFrom(watched.pipe(filter((r) => (r.data as ArticlesData | undefined)?.articles.edges.length === 10)));
      expect((update.data as ArticlesData).articles).toEqual(merged.articles);
      const ids = merged.articles.edges.map((e) => e.node.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      expect(new Set(merged.articles.edges.map((e) => e.cursor)).size).toBe(10);

      // The same ten, in the same order, with the same total as one request for ten.
      const direct = newClient(t.url);
      const ten = (await direct.query<ArticlesData>({ query: ARTICLES, variables: { first: 10 } })).data!;
      expect(ids).toEqual(ten.articles.edges.map((e) => e.node.id));
      expect(merged.articles.totalCount).toBe(ten.articles.totalCount);
      expect(merged.articles.totalCount).toBeGreaterThanOrEqual(10);
      expect(merged.articles.pageInfo.endCursor).toBe(ten.articles.pageInfo.endCursor);
    } finally {
      sub.unsubscribe();
    }
  });

  it("normalizes articles: a story page and node(id:) share one cache entry", async () => {
    const client = newClient(t.url);
    const page = (await client.query<StoryPageData>({ query: STORY_PAGE, variables: { slug: SLUG } })).data!;
    const article = page.article;
    expect(article.__typename).toBe("Article");
    expect(client.cache.identify(article)).toBe(`Article:${article.id}`);
    expect(client.cache.identify(article.source)).toBe(`Source:${article.source.id}`);

    const fragment = gql`
      fragment Headline on Article {
        headline
      }
    `;
    expect(client.cache.readFragment<{ headline: string }>({ id: `Article:${article.id}`, fragment })).toEqual({
      __typename: "Article",
      headline: article.headline,
    });

    const viaNode = (await client.query<NodeHeadlineData>({ query: NODE_HEADLINE, variables: { id: article.id } })).data!;
    expect(viaNode.node).toEqual({ __typename: "Article", id: article.id, headline: article.headline });

    // node(id:) is stored as a reference to the same entry, and the story page is now served
    // from the cache alone with the headline both queries agree on.
    const store = client.cache.extract() as Record<string, Record<string, unknown>>;
    expect(store.ROOT_QUERY[`node({"id":"${article.id}"})`]).toEqual({ __ref: `Article:${article.id}` });
    expect(store[`Article:${article.id}`].headline).toBe(article.headline);
    const cached = (await client.query<StoryPageData>({ query: STORY_PAGE, variables: { slug: SLUG }, fetchPolicy: "cache-only" })).data!;
    expect(cached.article.headline).toBe(viaNode.node!.headline);
  });

  it("surfaces a too-large page as a GraphQL error with code BAD_USER_INPUT", async () => {
    const client = newClient(t.url);
    const error = await client.query({ query: ARTICLES, variables: { first: 101 } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    const combined = error as CombinedGraphQLErrors;
    expect(combined.errors.map((e) => e.extensions?.code)).toContain("BAD_USER_INPUT");
  });
});
