import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, codes, startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { liveClient, subscribe, until } from "./support/live";
import { ingestStory } from "../src/ingest/ingest";
import { writeStories } from "../src/ingest/ingest.service";
import { prepareStory } from "../src/ingest/prepare";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { toGlobalId } from "../src/common/global-id";
import type { StoryInput } from "../src/ingest/story";

const HISTORY = `query($id: ID!, $first: Int, $after: String) {
  article(id: $id) { revision revisions(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { revision at headline body countries people deletedAt
      changes { fields peopleAdded peopleRemoved countriesAdded countriesRemoved } } } } }
}`;

/** Revision history: every write that changes a story keeps the version before it; editors read it, also after a delete. */
describe.each(DATABASES)("revision history (%s)", (db) => {
  let t: TestServer;
  let editor: Record<string, string>;
  let reader: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "history editor")).key}` };
    reader = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.READER, "history reader")).key}` };
  });
  afterAll(() => t?.close());

  it("keeps each replaced version with what changed, and nothing for an unchanged re-ingest", async () => {
    const first = story({ headline: "France and Cuba talk trade", publishedAt: new Date("2026-03-01T10:00:00Z") });
    const { articleId } = await ingestStory(t.app, first);
    const id = toGlobalId("Article", articleId);
    await ingestStory(t.app, first); // the same story again: no new version
    expect((await t.gql(HISTORY, { id }, editor)).data!.article).toMatchObject({ revision: 1, revisions: { totalCount: 1 } });

    await ingestStory(t.app, {
      ...first,
      headline: "France, Cuba and Spain talk trade",
      body: [...first.body, "Spanish officials joined the talks."],
      countries: ["FR", "CU", "ES"],
      people: [...first.people!, { name: "Lucia Romero", role: "Trade Minister", country: "ES" }],
    });
    const edit = await t.gql(`mutation($id: ID!) { updateArticle(id: $id, patch: { headline: "France, Cuba and Spain agree on trade" }) { revision } }`, { id }, editor);
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.updateArticle.revision).toBe(3);

    const res = await t.gql(HISTORY, { id }, editor);
    expect(res.errors).toBeUndefined();
    const { revision, revisions } = res.data!.article;
    expect(revision).toBe(3);
    expect(revisions.totalCount).toBe(3);
    const [v3, v2, v1] = revisions.edges.map((e: { node: unknown }) => e.node);
    expect(v3).toMatchObject({ revision: 3, headline: "France, Cuba and Spain agree on trade", deletedAt: null,
      changes: { fields: ["headline"], peopleAdded: [], peopleRemoved: [], countriesAdded: [], countriesRemoved: [] } });
    expect(v2).toMatchObject({ revision: 2, headline: "France, Cuba and Spain talk trade", countries: ["FR", "CU", "ES"],
      changes: { fields: ["headline", "body"], peopleAdded: ["Lucia Romero"], peopleRemoved: [], countriesAdded: ["ES"], countriesRemoved: [] } });
    expect(v1).toMatchObject({ revision: 1, headline: "France and Cuba talk trade", body: first.body, countries: ["FR", "CU"], people: ["Claire Dubois"], changes: null });
    expect(Date.parse(v3.at)).toBeGreaterThanOrEqual(Date.parse(v1.at));

    // Pages of the history, newest first.
    const page1 = (await t.gql(HISTORY, { id, first: 2 }, editor)).data!.article.revisions;
    expect(page1.edges.map((e: { node: { revision: number } }) => e.node.revision)).toEqual([3, 2]);
    const page2 = (await t.gql(HISTORY, { id, first: 2, after: page1.pageInfo.endCursor }, editor)).data!.article.revisions;
    expect(page2).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { revision: 1 } }] });
  });

  it("lets only editors read the history; the revision number is public", async () => {
    const { articleId } = await ingestStory(t.app, story());
    const id = toGlobalId("Article", articleId);
    expect((await t.gql(`query($id: ID!) { article(id: $id) { revision } }`, { id })).data!.article.revision).toBe(1);
    expect(codes(await t.gql(HISTORY, { id }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(HISTORY, { id }, reader))).toEqual(["FORBIDDEN"]);
    expect(codes(await t.gql(`{ articleRevisions(id: "nope") { totalCount } }`, {}, editor))).toEqual(["BAD_USER_INPUT"]);
  });

  it("keeps the history of a deleted story readable by editors", async () => {
    const first = story({ headline: "A story that will be withdrawn" });
    const { articleId } = await ingestStory(t.app, first);
    await ingestStory(t.app, { ...first, headline: "A story that will be withdrawn, corrected" });
    const id = toGlobalId("Article", articleId);
    expect((await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id }, editor)).data!.deleteArticle).toBe(true);
    const q = `query($id: ID!) { articleRevisions(id: $id) { totalCount edges { node { revision headline deletedAt } } } }`;
    const res = await t.gql(q, { id }, editor);
    expect(res.errors).toBeUndefined();
    expect(res.data!.articleRevisions.totalCount).toBe(2);
    expect(res.data!.articleRevisions.edges.map((e: { node: { revision: number; headline: string } }) => [e.node.revision, e.node.headline])).toEqual([
      [2, "A story that will be withdrawn, corrected"],
      [1, "A story that will be withdrawn"],
    ]);
    for (const e of res.data!.articleRevisions.edges) expect(Date.parse(e.node.deletedAt)).toBeGreaterThan(0);
    expect(codes(await t.gql(q, { id }))).toEqual(["UNAUTHENTICATED"]);
    // Written again under the same id, it goes on from its history.
    await ingestStory(t.app, first);
    await ingestStory(t.app, { ...first, summary: "Back again." });
    const again = await t.gql(q, { id }, editor);
    expect(again.data!.articleRevisions.edges.map((e: { node: { revision: number; deletedAt: string | null } }) => [e.node.revision, e.node.deletedAt === null])).toEqual([
      [4, true],
      [3, true],
      [2, false],
      [1, false],
    ]);
  });

  it("keeps versions when a batch writer rewrites several stories in one transaction", async () => {
    const inputs: StoryInput[] = [story({ headline: "Batch story one" }), story({ headline: "Batch story two" })];
    const tools = { countries: t.app.countries, matcher: t.app.matcher, maxStoryBytes: t.app.config.maxStoryBytes };
    const written = await writeStories(t.app.ds, inputs.map((i) => prepareStory(i, tools)));
    await writeStories(t.app.ds, inputs.map((i) => prepareStory({ ...i, summary: "Rewritten in a batch." }, tools)));
    for (const { articleId } of written) {
      const res = await t.gql(HISTORY, { id: toGlobalId("Article", articleId) }, editor);
      expect(res.data!.article).toMatchObject({ revision: 2, revisions: { totalCount: 2, edges: [{ node: { changes: { fields: ["summary"] } } }, { node: { revision: 1 } }] } });
    }
  });

  it("keeps an editor-only field editor-only in a subscription", async () => {
    const query = `subscription { articleChanged(filter: { source: "HX" }) { type article { revision revisions(first: 1) { totalCount } } } }`;
    const before = t.server.live.feed.opened;
    const asReader = liveClient(t, { authorization: reader.authorization });
    const asEditor = liveClient(t, { authorization: editor.authorization });
    const readerSub = subscribe(asReader, query);
    const editorSub = subscribe(asEditor, query);
    await until(() => t.server.live.feed.opened === before + 2);
    await ingestStory(t.app, story({ source: { code: "HX" } }));
    const seenByReader = await readerSub.next();
    expect(seenByReader.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect((await editorSub.next()).data).toEqual({ articleChanged: { type: "CREATED", article: { revision: 1, revisions: { totalCount: 1 } } } });
    await readerSub.close();
    await editorSub.close();
    await asReader.dispose();
    await asEditor.dispose();
  });
});
