import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { SurfaceScanner } from "../../src/ingest/extract/surface-scanner";
import { countryRecords } from "../../src/country/country-data";

const SHARED = path.resolve(__dirname, "../../../shared");

/** The regular expression the scanner stands for (see its comment): the reference it must agree with. */
function reference(surfaces: string[], text: string): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const body = surfaces.filter((s) => s.length >= 2).sort((a, b) => b.length - a.length).map(escape).join("|");
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:the\\s+)?(${body})(?:s)?(?![\\p{L}\\p{N}])`, "gu");
  return [...text.matchAll(re)].map((m) => `${m.index! + m[0].indexOf(m[1])}:${m[1]}`);
}
const scan = (surfaces: string[], text: string) => [...new SurfaceScanner(surfaces).matches(text)].map((m) => `${m.offset}:${m.surface}`);

describe("SurfaceScanner", () => {
  const countries = countryRecords().flatMap((c) => [c.name, c.officialName, c.demonym, c.capital, ...c.aliases].filter((s): s is string => !!s));

  it("finds what the alternation finds in every wire story of the development set", () => {
    const dir = path.join(SHARED, "samples/wire");
    const texts = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
    let found = 0;
    for (const text of texts) {
      const expected = reference(countries, text);
      expect(scan(countries, text)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(100);
  });

  it("keeps whole words only, the longest surface first, after \"the\" and before a plural s", () => {
    const surfaces = ["Iran", "Iranian", "Cuba", "Republic of Cuba", "Niger", "Nigeria", "Gambia"];
    const text = "the  Iranians met theIran officials; bathe Cuba, 𝐀Iran 😀Iran Irans the Republic of Cuba thethe Cuba the\u00a0Gambia Nigerian Nigeria Niger-Iran";
    expect(scan(surfaces, text)).toEqual(reference(surfaces, text));
    // Not "theIran" nor "𝐀Iran" (a letter before), nor "Nigerian" (a letter after); "Irans" is Iran.
    expect(scan(surfaces, text)).toEqual(["5:Iranian", "43:Cuba", "58:Iran", "63:Iran", "73:Republic of Cuba", "97:Cuba", "106:Gambia", "122:Nigeria", "130:Niger", "136:Iran"]);
  });
});
