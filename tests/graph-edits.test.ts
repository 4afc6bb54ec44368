import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, DATABASES, startTestServer, type GraphQLResponse, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { ingestFiles } from "../src/cli/ingest-files";
import { resolvePendingLinks } from "../src/ingest/ingest.service";
import { allAtOnce, holdWrites } from "./support/all-at-once";

/**
 * Edits and merges keep the graph true (issue 6, part 4), end to end over HTTP on each
 * database: merged people stay merged for later stories, whichever way they were merged;
 * printed links go to the exact headline whenever one is stored; concurrent edits of one
 * story keep every change; a deleted story's links and evidence go.
 */
const INGEST = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { created article { id people { id name } } } }`;
const MERGE = `mutation($k: ID!, $m: ID!) { mergePeople(keep: $k, merge: $m) { id name aliases mentionCount role } }`;
const PEOPLE = `query($q: String!) { people(first: 20, filter: { nameContains: $q }) { totalCount edges { node { id name aliases mentionCount } } } }`;
const LINKED = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { created resolvedLinks pendingLinks article { id } } }`;
const WIRED = `mutation($input: WireInput!) { ingestWire(input: $input) { created resolvedLinks pendingLinks article { id } } }`;
const RELATED = `query($id: ID!) { node(id: $id) { ... on Article { related { kind title article { id } } } } }`;
const LINK_RELATIONS = `query($id: ID!) { relations(filter: { involving: $id, kind: READ_MORE }) {
  edges { node { id weight subject { ... on Article { id } } object { ... on Article { id } } evidence { edges { node { id } } } } } } }`;

/** A story of source GL1 with headline `headline`, printing `links` as READ_MORE titles. */
const linking = (headline: string, links: string[] = []) => ({
  source: { code: "GL1", name: "Graph Links Wire" },
  headline,
  body: [`${headline}, officials in Lima said on Monday.`],
  publishedAt: "2026-05-04T08:00:00Z",
  people: [],
  countries: ["PE"],
  related: links.map((title) => ({ title, kind: "READ_MORE" })),
  relations: [],
});

let serial = 0;
/** A story naming `people` (given, so extraction plays no part), with a text of its own. */
const story = (people: { name: string; role?: string; country?: string }[], body?: string) => {
  serial++;
  return {
    source: { code: "GE1", name: "Graph Edits Wire" },
    headline: `Graph edit story ${serial}`,
    body: [body ?? `${people.map((p) => p.name).join(" and ")} spoke in story ${serial}, "we will keep talking to each other".`],
    publishedAt: `2026-03-${String((serial % 27) + 1).padStart(2, "0")}T10:00:00Z`,
    people,
    countries: ["CU"],
  };
};

describe.each(DATABASES)("graph edits (%s)", (db) => {
  let t: TestServer;
  let editor: Record<string, string>;
  const ingest = async (input: Record<string, unknown>) => {
    const res = await t.gql(INGEST, { input }, editor);
    expect(res.errors).toBeUndefined();
    return res.data!.ingestArticle;
  };
  const named = async (q: string) => (await t.gql(PEOPLE, { q })).data!.people.edges.map((e: any) => e.node);

  beforeAll(async () => {
    t = await startTestServer(db);
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "graph edits")).key}` };
  });
  afterAll(() => t?.close());

  describe("mergePeople", () => {
    it.each([
      ["keeps the first name and merges the second", 0],
      ["keeps the second name and merges the first", 1],
    ])("%s; a later story naming the merged person adds to the kept one", async (_name, keepIndex) => {
      const surname = keepIndex === 0 ? "Okonkwo" : "Adeyemi";
      const names = [`Chidi ${surname}`, `Chidi A. ${surname}`];
      await ingest(story([{ name: names[0], role: "Trade Minister", country: "CU" }]));
      await ingest(story([{ name: names[1], role: "Trade Minister", country: "CU" }]));
      const both = await named(surname);
      const keep = both.find((p: any) => p.name === names[keepIndex]);
      const merge = both.find((p: any) => p.name === names[1 - keepIndex]);
      const merged = await t.gql(MERGE, { k: keep.id, m: merge.id }, editor);
      expect(merged.errors).toBeUndefined();
      expect(merged.data!.mergePeople).toMatchObject({ id: keep.id, name: names[keepIndex], mentionCount: 2, role: "Trade Minister" });
      expect(merged.data!.mergePeople.aliases).toContain(names[1 - keepIndex]);

      // Later stories under the merged name, alone or beside the kept one, add to the kept person.
      const later = await ingest(story([{ name: names[1 - keepIndex], role: "Trade Minister", country: "CU" }]));
      expect(later.article.people).toEqual([{ id: keep.id, name: names[keepIndex] }]);
      const both2 = await ingest(story([{ name: names[0], country: "CU" }, { name: names[1], country: "CU" }]));
      expect(both2.article.people).toEqual([{ id: keep.id, name: names[keepIndex] }]);
      // The bulk path (newsgraph ingest) writes through the same step.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-merge-"));
      fs.writeFileSync(path.join(dir, "later.jsonl"), JSON.stringify({ ...story([{ name: names[1 - keepIndex], country: "CU" }]), id: undefined }) + "\n");
      expect(await ingestFiles(t.app, [dir], () => undefined)).toMatchObject({ created: 1, failed: 0 });

      const after = await named(surname);
      expect(after.map((p: any) => p.name)).toEqual([names[keepIndex]]);
      expect(after[0].mentionCount).toBe(5);
    });

    it("hands earlier merges on when the kept person is merged in turn", async () => {
      await ingest(story([{ name: "Lwazi Dube", country: "CU" }]));
      await ingest(story([{ name: "Lwazi M. Dube", country: "CU" }]));
      await ingest(story([{ name: "L. M. Dube", country: "CU" }]));
      const find = async (name: string) => (await named("Dube")).find((p: any) => p.name === name);
      const [a, b, c] = [await find("Lwazi Dube"), await find("Lwazi M. Dube"), await find("L. M. Dube")];
      expect((await t.gql(MERGE, { k: b.id, m: a.id }, editor)).errors).toBeUndefined();
      expect((await t.gql(MERGE, { k: c.id, m: b.id }, editor)).errors).toBeUndefined();
      const later = await ingest(story([{ name: "Lwazi Dube", country: "CU" }]));
      expect(later.article.people).toEqual([{ id: c.id, name: "L. M. Dube" }]);
      expect((await named("Dube")).map((p: any) => p.name)).toEqual(["L. M. Dube"]);
    });

    it("adds a story naming the merged person to the kept one also while the merge is being written", async () => {
      await ingest(story([{ name: "Tendai Moyo", country: "CU" }]));
      await ingest(story([{ name: "Tendai K. Moyo", country: "CU" }]));
      const find = async (name: string) => (await named("Moyo")).find((p: any) => p.name === name);
      const [keep, merge] = [await find("Tendai Moyo"), await find("Tendai K. Moyo")];
      const later = story([{ name: "Tendai K. Moyo", country: "CU" }]);
      let merged: GraphQLResponse;
      let naming: GraphQLResponse;
      const url = t.app.config.databaseUrl;
      if (!url) {
        // PGlite writes one transaction at a time: the story comes after the merge.
        merged = await t.gql(MERGE, { k: keep.id, m: merge.id }, editor);
        naming = await t.gql(INGEST, { input: later }, editor);
      } else {
        // The merge is held at its last steps (its record of the merged name), holding the merged
        // person's row, when a story naming that person comes.
        const held = await holdWrites(url, "person_aliases");
        const merging = t.gql(MERGE, { k: keep.id, m: merge.id }, editor);
        await held.waiting(1);
        const ingesting = t.gql(INGEST, { input: later }, editor);
        await held.waiting(2);
        await held.release();
        [merged, naming] = await Promise.all([merging, ingesting]);
      }
      expect(merged.errors).toBeUndefined();
      expect(naming.errors).toBeUndefined();
      expect(naming.data!.ingestArticle.article.people).toEqual([{ id: keep.id, name: "Tendai Moyo" }]);
      const after = await named("Moyo");
      expect(after.map((p: any) => [p.name, p.mentionCount])).toEqual([["Tendai Moyo", 3]]);
    });

    it("refuses unknown people and a person merged with itself, changing nothing", async () => {
      await ingest(story([{ name: "Nomvula Sithole", country: "CU" }]));
      const [p] = await named("Sithole");
      expect(codes(await t.gql(MERGE, { k: p.id, m: p.id }, editor))).toEqual(["BAD_USER_INPUT"]);
      const gone = p.id.slice(0, -4) + (p.id.endsWith("AAAA") ? "BBBB" : "AAAA");
      expect(codes(await t.gql(MERGE, { k: p.id, m: gone }, editor))[0]).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
      expect(await named("Sithole")).toEqual([p]);
    });
  });

  describe("printed links", () => {
    const ingestLinking = async (input: Record<string, unknown>) => {
      const res = await t.gql(LINKED, { input }, editor);
      expect(res.errors).toBeUndefined();
      return res.data!.ingestArticle;
    };
    const targetOf = async (id: string) => (await t.gql(RELATED, { id })).data!.node.related.map((l: any) => l.article?.id ?? null);

    it("moves a link from a near headline to the exact one when that story arrives later (ingestWire), and keeps it there", async () => {
      const title = "Chile and Peru sign a fishing accord";
      const a = await ingestLinking(linking("Lima hosts Pacific fisheries talks", [title]));
      expect(a).toMatchObject({ pendingLinks: 1, resolvedLinks: 0 });
      const near = await ingestLinking(linking("Chile and Peru sign fishing accord"));
      expect(near.resolvedLinks).toBe(1);
      expect(await targetOf(a.article.id)).toEqual([near.article.id]);

      const exact = await t.gql(
        WIRED,
        { input: { text: "Lima (GL1)- Chile and Peru signed a fishing accord on Monday, ending years of dispute.\n\nBoth fleets may fish the shared waters.", headline: "Chile and Peru Sign a Fishing Accord", publishedAt: "2026-05-05T08:00:00Z" } },
        editor,
      );
      expect(exact.errors).toBeUndefined();
      expect(exact.data!.ingestWire.resolvedLinks).toBe(1);
      const exactId = exact.data!.ingestWire.article.id;
      expect(await targetOf(a.article.id)).toEqual([exactId]);
      // The link is the same relation, asserted by its story alone, now pointing at the exact story.
      const rel = (await t.gql(LINK_RELATIONS, { id: a.article.id })).data!.relations.edges.map((e: any) => e.node);
      expect(rel).toEqual([{ id: expect.any(String), weight: 1, subject: { id: a.article.id }, object: { id: exactId }, evidence: { edges: [{ node: { id: a.article.id } }] } }]);
      expect((await t.gql(LINK_RELATIONS, { id: near.article.id })).data!.relations.edges).toEqual([]);

      // Another near headline later takes nothing; a new story printing the title gets the exact one.
      expect((await ingestLinking(linking("Chile and Peru sign the fishing accord"))).resolvedLinks).toBe(0);
      expect(await targetOf(a.article.id)).toEqual([exactId]);
      const b = await ingestLinking(linking("Fishing fleets return to port", [title]));
      expect(b.resolvedLinks).toBe(1);
      expect(await targetOf(b.article.id)).toEqual([exactId]);
    });

    it("resolves a printed title to a stored story with a near headline when none has it exactly, and to none when no headline is close", async () => {
      const stored = await ingestLinking(linking("Uruguay and Paraguay agree on river dredging plan"));
      const other = await ingestLinking(linking("Uruguay and Paraguay hold river talks"));
      const a = await ingestLinking(linking("Barges wait on the Parana", ["Uruguay and Paraguay agree on a river dredging plan", "Uruguay and Paraguay discuss fishing quotas"]));
      expect(a).toMatchObject({ resolvedLinks: 1, pendingLinks: 1 });
      expect(await targetOf(a.article.id)).toEqual([stored.article.id, null]);
      expect(await targetOf(other.article.id)).toEqual([]);
    });

    it("gives the exact headline the link in one newsgraph ingest batch too, whatever the order, and at the end of a load written side by side", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-links-"));
      try {
        const title = (n: number) => `Ecuador and Peru open border crossing ${n}`;
        const lines = [1, 2].flatMap((n) => {
          const [near, exact] = [linking(`Ecuador and Peru open a border crossing ${n}`), linking(title(n))];
          return [linking(`Border towns prepare for trade ${n}`, [title(n)]), ...(n === 1 ? [near, exact] : [exact, near])];
        });
        fs.writeFileSync(path.join(dir, "links.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
        expect(await ingestFiles(t.app, [dir], () => undefined, { batchSize: 64, workers: 0 })).toMatchObject({ created: 6, failed: 0, linksPending: 0 });
        const targetHeadline = async (headline: string) =>
          (await t.app.ds.query(`SELECT t.headline FROM relations r JOIN articles s ON s.id = r.subject_article_id JOIN articles t ON t.id = r.object_article_id WHERE s.headline = $1`, [headline]))
            .map((r: { headline: string }) => r.headline);
        for (const n of [1, 2]) expect(await targetHeadline(`Border towns prepare for trade ${n}`)).toEqual([title(n)]);

        // Batches written side by side cannot see each other (a load holds back a batch printing a
        // title, but links written otherwise may meet this): a link that went to the near story of
        // its own batch is moved by the run's last step to the exact one another batch stored.
        const [linker] = await t.app.ds.query(`SELECT r.id, r.object_article_id FROM relations r JOIN articles a ON a.id = r.subject_article_id WHERE a.headline = $1`, ["Border towns prepare for trade 1"]);
        const [near] = await t.app.ds.query(`SELECT id FROM articles WHERE headline = $1`, ["Ecuador and Peru open a border crossing 1"]);
        await t.app.ds.query(`UPDATE relations SET object_article_id = $2 WHERE id = $1`, [linker.id, near.id]);
        expect(await resolvePendingLinks(t.app.ds)).toBeGreaterThanOrEqual(1);
        const [after] = await t.app.ds.query(`SELECT object_article_id FROM relations WHERE id = $1`, [linker.id]);
        expect(after.object_article_id).toBe(linker.object_article_id);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("resolves earlier pending links when their story comes through ingestWire, in the same write, and counts them", async () => {
      const title = "Bolivia and Paraguay agree on river transport";
      const a = await ingestLinking(linking("River ports expect more barges", [title]));
      const b = await ingestLinking(linking("Barge operators hire more crews", [title.toUpperCase() + "."]));
      expect([a.pendingLinks, b.pendingLinks]).toEqual([1, 1]);
      const wire = await t.gql(
        WIRED,
        { input: { text: "Asuncion (GL1)- Bolivia and Paraguay agreed on river transport on the Paraguay river.\n\nBarges will carry soy and iron ore.", headline: title, publishedAt: "2026-05-06T08:00:00Z" } },
        editor,
      );
      expect(wire.errors).toBeUndefined();
      expect(wire.data!.ingestWire).toMatchObject({ created: true, resolvedLinks: 2, pendingLinks: 0 });
      for (const s of [a, b]) expect(await targetOf(s.article.id)).toEqual([wire.data!.ingestWire.article.id]);
    });

    it("puts links to a deleted story back to pending and withdraws its evidence, leaving what other stories assert", async () => {
      const economic = { relations: [{ from: "CO", to: "VE", kind: "ECONOMIC" }], countries: ["CO", "VE"] };
      const first = await ingestLinking({ ...linking("Colombia and Venezuela trade rises in April"), ...economic });
      const second = await ingestLinking({ ...linking("Colombia and Venezuela trade rises in May", ["Colombia and Venezuela trade rises in April"]), ...economic, publishedAt: "2026-05-20T08:00:00Z" });
      expect(second.resolvedLinks).toBe(1);
      const REL = `{ relations(filter: { between: ["CO", "VE"], kind: ECONOMIC }) { edges { node { weight firstSeenAt lastSeenAt evidence { edges { node { id } } } } } } }`;
      expect((await t.gql(REL)).data!.relations.edges[0].node).toMatchObject({ weight: 2, firstSeenAt: "2026-05-04T08:00:00.000Z", lastSeenAt: "2026-05-20T08:00:00.000Z" });

      const del = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: first.article.id }, editor);
      expect(del.data!.deleteArticle).toBe(true);
      expect((await t.gql(REL)).data!.relations.edges).toEqual([
        { node: { weight: 1, firstSeenAt: "2026-05-20T08:00:00.000Z", lastSeenAt: "2026-05-20T08:00:00.000Z", evidence: { edges: [{ node: { id: second.article.id } }] } } },
      ]);
      expect((await t.gql(RELATED, { id: second.article.id })).data!.node.related).toEqual([{ kind: "READ_MORE", title: "Colombia and Venezuela trade rises in April", article: null }]);
      const pending = await t.gql(`query($id: ID!) { relations(filter: { involving: $id, pending: true }) { edges { node { title } } } }`, { id: second.article.id });
      expect(pending.data!.relations.edges).toEqual([{ node: { title: "Colombia and Venezuela trade rises in April" } }]);
      // The story comes back: the link resolves again.
      expect((await ingestLinking({ ...linking("Colombia and Venezuela trade rises in April"), ...economic })).resolvedLinks).toBe(1);
    });
  });

  describe("updateArticle", () => {
    it("keeps every change of concurrent edits touching different fields (each reads the story inside its write)", async () => {
      await t.app.ds.query(`INSERT INTO sources (code, name) VALUES ('GU1', 'Graph Updates Wire') ON CONFLICT DO NOTHING`);
      const s = await ingest({ source: { code: "GU1", name: "Graph Updates Wire" }, headline: "Uruguay weighs a new port", body: ["Uruguay weighs a new deep-water port near Montevideo."], publishedAt: "2026-06-01T08:00:00Z", tags: ["ports"] });
      const id = s.article.id;
      const UPDATE = `mutation($id: ID!, $patch: ArticlePatch!) { updateArticle(id: $id, patch: $patch) { id } }`;
      const patches = [
        { headline: "Uruguay approves a new port" },
        { tags: ["ports", "approved"] },
        { body: ["Uruguay and Brazil will build a deep-water port near Montevideo, officials said."] },
      ];
      const results = await allAtOnce(t.app.config.databaseUrl, patches.length, () => patches.map((patch) => t.gql(UPDATE, { id, patch }, editor)));
      for (const r of results) expect(r.errors).toBeUndefined();
      const after = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { headline tags body countries { code } } } }`, { id });
      expect(after.data!.node).toEqual({
        headline: "Uruguay approves a new port",
        tags: ["ports", "approved"],
        body: ["Uruguay and Brazil will build a deep-water port near Montevideo, officials said."],
        countries: [{ code: "UY" }, { code: "BR" }],
      });
    });
  });
});
