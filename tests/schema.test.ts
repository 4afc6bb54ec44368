import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { buildSchema, isObjectType } from "graphql";
import { printSchemaFile } from "../src/schema";

describe("schema/schema.graphql", () => {
  it("is the schema the code builds (run `npm run schema` after changing a resolver or type)", async () => {
    const file = fs.readFileSync(path.join(__dirname, "..", "schema", "schema.graphql"), "utf8");
    expect(file).toBe(await printSchemaFile());
  });

  it("has the names the API contract of SPEC §4 asks for", async () => {
    const sdl = await printSchemaFile();
    const schema = buildSchema(
      sdl.replace(/extend schema[^\n]*\n[^\n]*\n/, "").replace(/@key\([^)]*\)/g, "") +
        "\ndirective @cacheControl(maxAge: Int) on FIELD_DEFINITION | OBJECT\nscalar DateTime",
      { assumeValid: true },
    );
    const fields = (type: string) => {
      const t = schema.getType(type);
      return t && isObjectType(t) ? Object.keys(t.getFields()) : [];
    };
    expect(fields("Query")).toEqual(expect.arrayContaining(["node", "article", "articles", "search", "person", "people", "country", "countries", "relations", "sources"]));
    expect(fields("Mutation")).toEqual(expect.arrayContaining(["ingestArticle", "updateArticle", "deleteArticle", "mergePeople"]));
    expect(fields("Article")).toEqual(expect.arrayContaining(["id", "slug", "headline", "summary", "body", "dateline", "datelineCountry", "publishedAt", "ingestedAt", "language", "url", "source", "tags", "people", "countries", "mentions", "quotes", "related", "similar", "relations"]));
    expect(fields("Person")).toEqual(expect.arrayContaining(["id", "slug", "name", "aliases", "role", "country", "mentionCount", "articles", "relations"]));
    expect(fields("Country")).toEqual(expect.arrayContaining(["id", "code", "name", "capital", "mentionCount", "articles", "people", "relations"]));
    expect(fields("Relation")).toEqual(expect.arrayContaining(["id", "kind", "subject", "object", "title", "weight", "firstSeenAt", "lastSeenAt", "evidence"]));
    expect(fields("SearchEdge")).toEqual(expect.arrayContaining(["cursor", "node", "score", "highlight"]));
    expect(fields("IngestResult")).toEqual(["article", "created", "resolvedLinks", "pendingLinks", "warnings"]);
    for (const connection of ["ArticleConnection", "PersonConnection", "CountryConnection", "RelationConnection", "SearchConnection"]) {
      expect(fields(connection)).toEqual(["edges", "pageInfo", "totalCount"]);
    }
    expect(sdl).toMatch(/type Article implements Node\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Country implements Node\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/union Entity = Article \| Person \| Country/);
  });
});
