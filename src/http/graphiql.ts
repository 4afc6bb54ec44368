import type { ApolloServerPlugin } from "@apollo/server";

/** The first query the IDE shows: the story page. */
export const STORY_PAGE_QUERY = `# The story page: a story with its related news, people and countries, in one request.
query StoryPage($slug: String = "raisi-iran-cuba-relations-are-strategic") {
  article(slug: $slug) {
    headline
    summary
    body
    publishedAt
    dateline
    source { code name }
    people { name role country { code name } }
    countries { code name }
    related(first: 10) {
      kind
      title
      article { headline slug publishedAt countries { code } }
    }
  }
}
`;

/**
 * Serves GraphiQL on GET of the endpoint: one self-contained page (scripts and styles
 * inlined by @graphql-yoga/render-graphiql), so it works offline — Apollo's default landing
 * page loads from a CDN.
 */
export function offlineGraphiQLPlugin(endpoint: string): ApolloServerPlugin {
  return {
    async serverWillStart() {
      // The page is ~9 MB with its inlined assets: rendered (and its module loaded) on the
      // first visit, not at every start.
      let page: Promise<string> | undefined;
      const html = () =>
        (page ??= import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) =>
          renderGraphiQL({ endpoint, title: "Newsgraph", defaultQuery: STORY_PAGE_QUERY } as Parameters<typeof renderGraphiQL>[0]),
        ));
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
