import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, DATABASES, startTestServer, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { ingestFiles } from "../src/cli/ingest-files";

/**
 * Edits and merges keep the graph true (issue 6, part 4), end to end over HTTP on each
 * database: merged people stay merged for later stories, whichever way they were merged.
 */
const INGEST = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { created article { id people { id name } } } }`;
const MERGE = `mutation($k: ID!, $m: ID!) { mergePeople(keep: $k, merge: $m) { id name aliases mentionCount role } }`;
const PEOPLE = `query($q: String!) { people(first: 20, filter: { nameContains: $q }) { totalCount edges { node { id name aliases mentionCount } } } }`;

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

    it("refuses unknown people and a person merged with itself, changing nothing", async () => {
      await ingest(story([{ name: "Nomvula Sithole", country: "CU" }]));
      const [p] = await named("Sithole");
      expect(codes(await t.gql(MERGE, { k: p.id, m: p.id }, editor))).toEqual(["BAD_USER_INPUT"]);
      const gone = p.id.slice(0, -4) + (p.id.endsWith("AAAA") ? "BBBB" : "AAAA");
      expect(codes(await t.gql(MERGE, { k: p.id, m: gone }, editor))[0]).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
      expect(await named("Sithole")).toEqual([p]);
    });
  });
});
