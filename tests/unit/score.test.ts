import { describe, expect, it } from "vitest";
import { compareStory, failedScore } from "../../src/score/compare";
import type { ExpectedStory } from "../../src/score/expected";
import type { StoredStory } from "../../src/score/stored";
import { failedBars, totals } from "../../src/score/totals";

const expected: ExpectedStory = {
  name: "lima",
  file: "lima.txt",
  ingest: {},
  source: "LD",
  dateline: "Lima",
  datelineCountry: "PE",
  paragraphCount: 2,
  firstParagraphStartsWith: "Peru and  Chile\u00a0opened",
  bodyMustNotContain: ["LIMA (LD)-"],
  countries: ["PE", "CL"],
  people: [
    { name: "Rosa Quispe Mamani", role: "Foreign Minister", country: "PE" },
    { name: "Tomás Araya", role: "Ambassador", country: "CL" },
  ],
  notPeople: ["Andean Community"],
  relations: [{ kind: "ECONOMIC", between: ["PE", "CL"] }],
  related: [{ kind: "READ_MORE", title: "Chile and Peru open a border crossing" }],
};

const stored: StoredStory = {
  source: "LD",
  dateline: "Lima",
  datelineCountry: "PE",
  body: ["Peru and Chile opened a crossing.", "It was welcomed."],
  people: [
    { name: "rosa  quispe mamani", role: "foreign minister", country: "PE", aliases: [] },
    { name: "Tomás Araya", role: null, country: "CL", aliases: [] },
  ],
  countries: ["CL", "PE"],
  relations: [{ kind: "ECONOMIC", a: "CL", b: "PE" }],
  related: [{ kind: "READ_MORE", title: "Chile and Peru open a border crossing" }],
  quotes: [],
};

describe("score: one story compared with its annotation", () => {
  it("matches names and roles case-insensitively after NFC and white space folding; pairs unordered", () => {
    const score = compareStory(expected, stored);
    expect(score.people).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(score.countries).toEqual({ tp: 2, fp: 0, fn: 0 });
    expect(score.relations).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(score.roles).toEqual({ right: 1, total: 2 });
    expect(score.personCountries).toEqual({ right: 2, total: 2 });
    expect(score.bodies).toEqual({ right: 1, total: 1 });
    expect(score.misses).toEqual(['role of Tomás Araya: want "Ambassador", got null']);
  });

  it("lists what is missing and what is extra, and counts notPeople hits", () => {
    const score = compareStory(expected, {
      ...stored,
      body: ["LIMA (LD)- Peru and Chile opened a crossing."],
      people: [{ name: "Andean Community Secretary", role: null, country: null, aliases: [] }],
      countries: ["PE", "BO"],
      relations: [{ kind: "SANCTIONS", a: "CL", b: "PE" }],
      related: [],
    });
    expect(score.people).toEqual({ tp: 0, fp: 1, fn: 2 });
    expect(score.notPeople).toBe(1);
    expect(score.countries).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(score.relations).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(score.related).toEqual({ right: 0, total: 1 });
    expect(score.paragraphs).toEqual({ right: 0, total: 1 });
    expect(score.bodies).toEqual({ right: 0, total: 1 });
    expect(score.misses).toEqual(
      expect.arrayContaining(["countries: -CL +BO", "relations: -ECONOMIC CL-PE +SANCTIONS CL-PE", 'body still contains "LIMA (LD)-"']),
    );
  });

  it("counts every expected item as missed when ingest refused the story", () => {
    const score = failedScore(expected, "story is empty");
    expect(score).toMatchObject({
      people: { tp: 0, fn: 2 },
      countries: { fn: 2 },
      relations: { fn: 1 },
      paragraphs: { right: 0, total: 1 },
    });
  });
});

describe("score: totals and bars", () => {
  const scores = [compareStory(expected, stored), compareStory(expected, { ...stored, people: [], countries: ["PE"] })];
  const metrics = totals(scores);

  it("micro-averages over stories", () => {
    expect(metrics.get("people-recall")).toMatchObject({ value: 0.5, detail: "2/4" });
    expect(metrics.get("people-precision")!.value).toBe(1);
    expect(metrics.get("countries-recall")!.value).toBe(0.75);
    expect(metrics.get("countries-f1")!.value).toBeCloseTo((2 * 0.75) / 1.75);
    expect(metrics.get("failed")!.value).toBe(0);
  });

  it.each([
    [{ metric: "people-recall", bound: "min", value: 0.5 }, []],
    [{ metric: "people-recall", bound: "min", value: 0.6 }, ["people-recall 0.500 is below 0.6"]],
    [{ metric: "not-people", bound: "max", value: 0 }, []],
  ] as const)("checks the bar %j", (bar, failures) => {
    expect(failedBars(metrics, [bar])).toEqual(failures);
  });
});
