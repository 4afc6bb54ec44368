import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveHeadline, parseWire, WireParseError } from "../../src/ingest/parse/wire";
import { RelationKind } from "../../src/relation/relation-kind";

const SAMPLES = path.resolve(__dirname, "../../../shared/samples");
const sample = fs.readFileSync(path.join(SAMPLES, "wire-iran-cuba.txt"), "utf8");
const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, "wire-iran-cuba.expected.json"), "utf8"));

describe("parseWire on the Iran-Cuba sample", () => {
  const wire = parseWire(sample);
  const body = wire.paragraphs.join("\n\n");

  it("reads dateline and source", () => {
    expect(wire.dateline).toBe(expected.dateline);
    expect(wire.sourceCode).toBe(expected.source.code);
    expect(wire.sourceName).toBe(expected.source.name);
    expect(wire.headline).toBeNull();
    expect(wire.warnings).toEqual([]);
  });

  it("keeps the body paragraphs only", () => {
    expect(wire.paragraphs).toHaveLength(expected.paragraphCount);
    expect(wire.paragraphs[0].startsWith(expected.firstParagraphStartsWith)).toBe(true);
    expect(wire.paragraphs[1].startsWith(expected.secondParagraphStartsWith)).toBe(true);
    expect(wire.paragraphs.at(-1)!.startsWith(expected.lastParagraphStartsWith)).toBe(true);
    for (const text of expected.bodyMustNotContain as string[]) expect(body).not.toContain(text);
    expect(body).not.toMatch(/\u00a0| {2}/);
  });

  it("returns Related News and Read More titles in printed order", () => {
    expect(wire.related).toEqual(expected.related);
    expect(wire.related.map((r) => r.kind)).toEqual([RelationKind.RELATED_NEWS, RelationKind.READ_MORE, RelationKind.READ_MORE]);
  });

  it("derives a headline from the lead without inventing one", () => {
    const headline = deriveHeadline(wire.paragraphs);
    expect(headline).toBe("Emphasising the importance of developing and deepening Tehran-Havana relations, Iran's President said");
    expect(headline.split(" ").length).toBeLessThanOrEqual(18);
  });
});

describe("deriveHeadline", () => {
  it.each([
    ["a short lead sentence whole", "Chile and Peru reopened their border on Monday. Trucks queued for hours.", "Chile and Peru reopened their border on Monday"],
    [
      "a long lead up to its last clause boundary",
      "Floods swept through three provinces of northern Laos overnight, washing away two bridges and forcing thousands of villagers from their homes, officials said.",
      "Floods swept through three provinces of northern Laos overnight",
    ],
    [
      "a long lead without a boundary cut on a word that does not dangle",
      "Norway and Iceland agreed on Friday to share the cost of a new fisheries patrol vessel for the waters between the two countries and beyond.",
      "Norway and Iceland agreed on Friday to share the cost of a new fisheries…",
    ],
    [
      "a quotation the cut leaves open closed",
      'The minister said on Sunday that the port is "a turning point for the region," adding that work on its second pier would begin in spring.',
      'The minister said on Sunday that the port is "a turning point for the region"',
    ],
    [
      "a quotation open at a cut without a boundary closed before the ellipsis",
      'The minister said on Sunday that the new port is "a turning point for the whole region and for its people" and would open in spring.',
      'The minister said on Sunday that the new port is "a turning point"…',
    ],
  ])("keeps %s", (_case, lead, headline) => {
    expect(deriveHeadline([lead])).toBe(headline);
  });

  it("never cuts a word in half or ends on a bare article or preposition", () => {
    const headline = deriveHeadline([
      "Officials from the ministries of energy of both countries met in the capital to discuss the route of the pipeline and the price of the gas it will carry from next year.",
    ]);
    expect(headline).toMatch(/…$/);
    expect(headline).not.toMatch(/\b(the|of|to|and|in)…$/);
  });
});

describe("parseWire layout variants", () => {
  const lead = "Officials met on Monday.";
  const second = "Caspian PressWorld News:\u00a0Trade was on the agenda.";
  it.each([
    ["no final newline", `Tehran (CP)- ${lead}\n\n${second}`],
    ["a final newline", `Tehran (CP)- ${lead}\n\n${second}\n`],
    ["CRLF line ends", `Tehran (CP)- ${lead}\r\n\r\n${second}\r\n`],
    ["trailing spaces and several blank lines", `Tehran (CP)- ${lead}   \n \n\n\t\n${second}  `],
    ["space before the dash", `Tehran (CP) - ${lead}\n\n${second}`],
    ["no space before the code", `Tehran(CP)-${lead}\n\n${second}`],
    ["an en dash", `Tehran (CP) – ${lead}\n\n${second}`],
    ["an em dash", `Tehran (CP)— ${lead}\n\n${second}`],
    ["a capitalised dateline", `TEHRAN (CP)- ${lead}\n\n${second}`],
    ["a byte order mark", `\ufeffTehran (CP)- ${lead}\n\n${second}`],
  ])("parses text with %s", (_case, text) => {
    const wire = parseWire(text);
    expect(wire).toMatchObject({
      dateline: "Tehran",
      sourceCode: "CP",
      sourceName: "Caspian Press",
      paragraphs: [lead, "Trade was on the agenda."],
    });
  });

  it("folds white space and NBSP inside paragraphs and applies NFC", () => {
    const wire = parseWire("Tehran (CP)- Cafe\u0301  talks\u00a0 resumed\nin the  capital.");
    expect(wire.paragraphs).toEqual(["Caf\u00e9 talks resumed in the capital."]);
  });

  it.each([
    ["Steppe News AgencyKazakhstan News: Text.", "SNA", "Steppe News Agency"],
    ["Atlantic LedgerUS News:\u00a0Text.", "AL", "Atlantic Ledger"],
    ["Unheard WireMiddle East News:\u00a0Text.", "ZZ", "Unheard Wire"],
    ["Iran PressIran News:\u00a0Text.", "ZZ", "Iran Press"],
  ])("strips the glued source prefix %s", (paragraph, code, name) => {
    const wire = parseWire(`Cairo (${code})- Lead.\n\n${paragraph}`);
    expect(wire.sourceName).toBe(name);
    expect(wire.paragraphs).toEqual(["Lead.", "Text."]);
  });

  it("keeps a second paragraph that has no source prefix", () => {
    const wire = parseWire("Cairo (ND)- Lead.\n\nSports News: the league resumes.");
    expect(wire.paragraphs[1]).toBe("Sports News: the league resumes.");
    expect(wire.sourceName).toBe("Nile Dispatch");
  });

  it("warns when there is no dateline", () => {
    const wire = parseWire("Officials met on Monday.\n\nTalks went on.");
    expect(wire).toMatchObject({ dateline: null, sourceCode: null, sourceName: null });
    expect(wire.warnings.join(" ")).toMatch(/dateline/);
  });
});

describe("parseWire rejects bad input", () => {
  it.each([
    ["empty text", "", /empty/],
    ["white space only", " \n\t\r\n \u00a0 ", /empty/],
    ["a NUL byte", "Tehran (IP)- Text\u0000 with NUL.", /control characters/],
    ["binary data", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", /control characters/],
    ["replacement characters", "Tehran (IP)- Caf\ufffd.", /UTF-8/],
    ["a dateline only", "Tehran (IP)- ", /no body paragraph/],
    ["link blocks only", "Related News:\n\nIran and Cuba sign accord.\n\n\nRead More:\n\nOther story", /no body paragraph/],
  ])("throws WireParseError for %s", (_case, text, message) => {
    expect(() => parseWire(text)).toThrow(WireParseError);
    expect(() => parseWire(text)).toThrow(message);
  });
});
