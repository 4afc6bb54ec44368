import "reflect-metadata";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryRecords } from "../../src/country/country-data";
import { CountryDirectory } from "../../src/country/country-directory";
import { Country } from "../../src/country/country.entity";
import { CountryMatcher } from "../../src/ingest/extract/country-matcher";
import { extractPeople, type ExtractedPerson } from "../../src/ingest/extract/people";
import { findQuotes } from "../../src/ingest/extract/quotes";
import { extractCountryRelations } from "../../src/ingest/extract/relations";
import { parseWire } from "../../src/ingest/parse/wire";
import { RelationKind } from "../../src/relation/relation-kind";

const SHARED = path.resolve(__dirname, "../../../shared");
const expected = JSON.parse(fs.readFileSync(path.join(SHARED, "samples/wire-iran-cuba.expected.json"), "utf8"));
const countries = new CountryDirectory(countryRecords().map((r) => Object.assign(new Country(), r)));
const matcher = new CountryMatcher(countries.all);
const tools = { countries, matcher };

describe("extraction from the Iran-Cuba sample", () => {
  const wire = parseWire(fs.readFileSync(path.join(SHARED, "samples/wire-iran-cuba.txt"), "utf8"));
  const text = wire.paragraphs.join("\n\n");
  const people = extractPeople(text, tools);
  const byName = (name: string): ExtractedPerson | undefined => people.find((p) => p.name === name);

  it.each(expected.people as { name: string; role?: string; country?: string }[])("finds $name", (want) => {
    const person = byName(want.name);
    expect(person).toBeDefined();
    expect(person!.role).toBe(want.role ?? null);
    expect(person!.country).toBe(want.country ?? null);
  });

  it("finds no one else, and nothing from the notPeople list", () => {
    expect(people.map((p) => p.name).sort()).toEqual((expected.people as { name: string }[]).map((p) => p.name).sort());
    for (const name of expected.notPeople as string[]) expect(byName(name)).toBeUndefined();
  });

  it("counts surname mentions as the same person, in order of first mention", () => {
    expect(byName("Ebrahim Raisi")).toMatchObject({ aliases: ["Raisi"], count: 3, surface: "Ebrahim Raisi" });
    expect(byName("Alberto Gonzalez")).toMatchObject({ aliases: [], count: 2 });
    const offsets = people.map((p) => p.firstOffset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    for (const p of people) expect(text.slice(p.firstOffset, p.firstOffset + p.surface.length)).toBe(p.surface);
  });

  it("lets quotes be attributed to the extracted speakers", () => {
    const speakers = people.map((p) => {
      const c = p.country ? countries.get(p.country) : undefined;
      return [p.name, ...p.aliases, ...(p.role && c ? [`${c.name}'s ${p.role}`, `The ${p.role}`] : [])];
    });
    const quotes = findQuotes(text, speakers);
    expect(quotes.length).toBeGreaterThanOrEqual(expected.quotesAtLeast);
    const named = new Set(quotes.filter((q) => q.speaker !== null).map((q) => people[q.speaker!].name));
    for (const name of expected.quoteSpeakers as string[]) expect(named).toContain(name);
  });

  it("finds the countries of the story and of its dateline", () => {
    // "US" is named only in the link titles: those belong to the linked stories (SPEC §3).
    const codes = new Set(matcher.scan(text).map((h) => h.code));
    expect([...codes].sort()).toEqual([...expected.countries].sort());
    expect(matcher.scan(wire.dateline!)[0].code).toBe(expected.datelineCountry);
  });

  it("finds the strategic relation, once, with its sentence", () => {
    const relations = extractCountryRelations(text, matcher);
    const want = expected.relations as { between: string[]; kind: RelationKind }[];
    expect(relations.map((r) => ({ kind: r.kind, between: [r.a, r.b] }))).toEqual(
      want.map((r) => ({ kind: r.kind, between: [...r.between].sort() })),
    );
    expect(relations[0].sentence).toMatch(/^Emphasizing that Iran-Cuba relations are strategic/);
    expect(text.slice(relations[0].offset).startsWith(relations[0].sentence)).toBe(true);
  });
});

describe("extraction rules", () => {
  it.each([
    ["Lebanese Army Chief of Staff Rilo Ivberg said on Monday that talks would resume.", "Rilo Ivberg", "Army Chief of Staff", "LB"],
    ["Alren Caseada, Iran's Foreign Minister, said on Monday that talks would resume.", "Alren Caseada", "Foreign Minister", "IR"],
    [
      "Member of Parliament Tolin Varski of Kazakhstan said on Monday that talks would resume.",
      "Tolin Varski",
      "Member of Parliament",
      "KZ",
    ],
    ["Halo Yaranton, the United States' Special Envoy, said the door remains open.", "Halo Yaranton", "Special Envoy", "US"],
    ["White House spokesperson Karine Jean-Pierre said the talks were useful.", "Karine Jean-Pierre", "Spokesperson", "US"],
    ["Saudi Crown Prince Mohammed bin Salman received the delegation.", "Mohammed bin Salman", "Crown Prince", "SA"],
  ])("reads %s", (sentence, name, role, country) => {
    expect(extractPeople(sentence, tools)).toEqual([expect.objectContaining({ name, role, country })]);
  });

  it.each([
    ["Officials in Astana said on Monday that the Arab Republic of Egypt supported a solution."],
    ["The International Atomic Energy Agency said inspectors visited the Non-Proliferation Treaty sites."],
    ['Speaking on Wednesday at a press conference in New Delhi, officials said: "We welcome any initiative."'],
    ["The Empire State Building was lit in blue as Steppe News Agency reported."],
  ])("finds no person in %s", (sentence) => {
    expect(extractPeople(sentence, tools)).toEqual([]);
  });

  it.each([
    ["Officials described ties between Kenya and Uganda as a strategic partnership.", RelationKind.STRATEGIC, "KE", "UG", null],
    ["Trade between Peru and Ecuador grew by a fifth last year.", RelationKind.ECONOMIC, "EC", "PE", null],
    ["Oslo expelled three Russian diplomats on Thursday.", RelationKind.DIPLOMATIC, "NO", "RU", "NO"],
    ["Indian and Chinese soldiers clashed on the disputed frontier overnight.", RelationKind.CONFLICT, "CN", "IN", null],
    ["Sanctions imposed on Syria by Australia remain in force.", RelationKind.SANCTIONS, "AU", "SY", "AU"],
    ["Lima-Quito cultural exchanges have grown in recent years.", RelationKind.CULTURAL, "EC", "PE", null],
    ["Ghana is Togo's biggest trading partner in the region.", RelationKind.ECONOMIC, "GH", "TG", null],
    ["A week of Hungarian culture will open in Hanoi in May.", RelationKind.CULTURAL, "HU", "VN", "HU"],
    ["The Dutch government will finance new clinics in Suriname.", RelationKind.ECONOMIC, "NL", "SR", "NL"],
  ])("relates %s", (sentence, kind, a, b, from) => {
    const [r] = extractCountryRelations(sentence, matcher);
    expect(r).toMatchObject({ kind, a, b, from, sentence, offset: 0 });
  });

  it.each([
    ["Norway has no diplomatic relations with North Korea."],
    ["Officials in Accra say the move could reshape trade between Ghana and Togo."],
    ["Ecuador did not discuss any military cooperation with Peru."],
    ["Chilean Defence Minister Ana Soto met Peruvian officials in Lima."],
    ["Nepal threatened sanctions on India over the border dispute."],
    ["Chile wants to increase its trade with Peru."],
    ["Bolivia exports gas through Chile."],
  ])("relates nothing in %s", (sentence) => {
    expect(extractCountryRelations(sentence, matcher)).toEqual([]);
  });

  it("distributes a directed relation over a list, never within it", () => {
    const pairs = (s: string) => extractCountryRelations(s, matcher).map((r) => `${r.kind} ${r.from ?? r.a}>${r.to ?? r.b}`);
    expect(pairs("Japan imposed sanctions on Russia and Belarus on Friday.")).toEqual(["SANCTIONS JP>RU", "SANCTIONS JP>BY"]);
    expect(pairs("Brazil and Turkey kept buying Iranian oil.")).toEqual(["ECONOMIC BR>IR", "ECONOMIC TR>IR"]);
    expect(pairs("The embargo imposed by the United States on Venezuela hurt its farmers.")).toEqual(["SANCTIONS US>VE"]);
  });

  it("reads 'the two countries' as the story's main pair, and keeps each relation's sentence and offset", () => {
    const text =
      "Kenya and Uganda signed a border deal on Monday.\n\nUgandan officials welcomed it. The two countries also restored full diplomatic relations.";
    const [r] = extractCountryRelations(text, matcher);
    expect(r).toMatchObject({
      kind: RelationKind.DIPLOMATIC,
      a: "KE",
      b: "UG",
      sentence: "The two countries also restored full diplomatic relations.",
    });
    expect(text.slice(r.offset).startsWith(r.sentence)).toBe(true);
  });
});

interface ManifestEntry {
  file: string;
  source: { code: string; name: string };
  dateline: string;
  paragraphCount: number;
  people: { name: string; role: string; country: string }[];
  countries: string[];
  relations: { from: string; to: string; kind: RelationKind }[];
  related: { kind: RelationKind; title: string }[];
}

describe("generated wire corpus (200 stories, seed 7)", () => {
  let dir: string;
  let manifest: ManifestEntry[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-wire-"));
    execFileSync("node", [path.join(SHARED, "corpus/generate.mjs"), "--articles", "200", "--seed", "7", "--format", "wire", "--out", dir]);
    manifest = fs
      .readFileSync(path.join(dir, "manifest.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("parses and extracts every story well enough", () => {
    const score = {
      wireExact: 0,
      people: 0,
      peopleFound: 0,
      peopleMatched: 0,
      rolesRight: 0,
      countries: 0,
      countriesFound: 0,
      relations: 0,
      relationsFound: 0,
    };
    for (const entry of manifest) {
      const wire = parseWire(fs.readFileSync(path.join(dir, entry.file), "utf8"));
      const exact =
        wire.dateline === entry.dateline &&
        wire.sourceCode === entry.source.code &&
        wire.sourceName === entry.source.name &&
        wire.paragraphs.length === entry.paragraphCount &&
        JSON.stringify(wire.related) === JSON.stringify(entry.related);
      if (exact) score.wireExact++;
      const text = wire.paragraphs.join("\n\n");

      const people = extractPeople(text, tools);
      score.people += entry.people.length;
      score.peopleFound += people.length;
      for (const want of entry.people) {
        const got = people.find((p) => p.name === want.name);
        if (got) score.peopleMatched++;
        if (got?.role === want.role) score.rolesRight++;
      }

      const codes = new Set(matcher.scan(text).map((h) => h.code));
      score.countries += entry.countries.length;
      score.countriesFound += entry.countries.filter((c) => codes.has(c)).length;

      const relations = extractCountryRelations(text, matcher);
      score.relations += entry.relations.length;
      score.relationsFound += entry.relations.filter((r) => {
        const [a, b] = [r.from, r.to].sort();
        return relations.some((x) => x.kind === r.kind && x.a === a && x.b === b);
      }).length;
    }
    const measured = {
      stories: manifest.length,
      wireExact: score.wireExact / manifest.length,
      peopleRecall: score.peopleMatched / score.people,
      peoplePrecision: score.peopleMatched / score.peopleFound,
      roleAccuracy: score.rolesRight / score.peopleMatched,
      countriesRecall: score.countriesFound / score.countries,
      relationsRecall: score.relationsFound / score.relations,
    };
    console.info("wire corpus scores", measured);
    expect(manifest).toHaveLength(200);
    expect(measured.wireExact).toBe(1);
    expect(measured.peopleRecall).toBeGreaterThanOrEqual(0.9);
    expect(measured.peoplePrecision).toBeGreaterThanOrEqual(0.9);
    expect(measured.roleAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(measured.countriesRecall).toBeGreaterThanOrEqual(0.9);
    expect(measured.relationsRecall).toBeGreaterThanOrEqual(0.6);
  });
});

describe("people: roles, counterparts and the dateline's country", () => {
  it.each([
    [
      "Kenya's Commerce and Industry Minister Achieng Otieno opened the fair on Monday.",
      "Achieng Otieno",
      "Commerce and Industry Minister",
      "KE",
    ],
    ["Peruvian Mining Minister Rosa Quispe said exports would rise.", "Rosa Quispe", "Mining Minister", "PE"],
    ["Democratic Senator Paula Brennan of Canada criticised the plan.", "Paula Brennan", "Senator", "CA"],
    ["Sheikh Hamad Nasser Al-Thani said the fund would grow.", "Hamad Nasser Al-Thani", null, null],
  ])("reads %s", (sentence, name, role, country) => {
    expect(extractPeople(sentence, tools)).toEqual([expect.objectContaining({ name, role, country })]);
  });

  it("gives a counterpart the office of the person before and the country of the demonym", () => {
    const people = extractPeople(
      "Trade Minister Ines Duarte of Portugal met her Angolan counterpart, Manuel Kiala Tavares, in Luanda on Monday.",
      tools,
    );
    expect(people).toEqual([
      expect.objectContaining({ name: "Ines Duarte", role: "Trade Minister", country: "PT" }),
      expect.objectContaining({ name: "Manuel Kiala Tavares", role: "Trade Minister", country: "AO" }),
    ]);
  });

  it("gives an unqualified office of government the dateline's country, and nothing else", () => {
    const text = "Interior Minister Tomas Lindqvist said the border would reopen. Company spokeswoman Sara Berg declined to comment.";
    const people = extractPeople(text, { ...tools, datelineCountry: "SE" });
    expect(people).toEqual([
      expect.objectContaining({ name: "Tomas Lindqvist", role: "Interior Minister", country: "SE" }),
      expect.objectContaining({ name: "Sara Berg", role: "Spokeswoman", country: null }),
    ]);
  });
});

describe("countries: names inside other names", () => {
  const codes = (text: string) => [...new Set(matcher.scan(text).map((h) => h.code))];
  it.each([
    ["Growers in New Mexico and New Jersey sold more pecans to Canada.", ["CA"]],
    ["Jordan Pike, a farmer from Ohio, sold hay to Mexico.", ["MX"]],
    ["Israel Moreno Vidal, who runs a cooperative, exports to Chile.", ["CL"]],
    ["The ambassador to Russia Marta Kovacs met officials from Jordan.", ["RU", "JO"]],
    ["Jordan and Israel signed a water deal.", ["JO", "IL"]],
  ])("finds in %s", (text, want) => {
    expect(codes(text)).toEqual(want);
  });
});
