import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { countryRecords } from "../../src/country/country-data";
import { CountryDirectory } from "../../src/country/country-directory";
import { Country } from "../../src/country/country.entity";
import { CountryMatcher } from "../../src/ingest/extract/country-matcher";
import { datelineCountry } from "../../src/ingest/extract/dateline-country";
import { isArtifact } from "../../src/ingest/parse/wire-artifacts";
import { readDateline } from "../../src/ingest/parse/wire-dateline";
import { parseWire } from "../../src/ingest/parse/wire";
import { findKnownSource, sourceCodeFor } from "../../src/source/known-sources";

const countries = new CountryDirectory(countryRecords().map((r) => Object.assign(new Country(), r)));
const tools = { countries, matcher: new CountryMatcher(countries.all) };
const LEAD = "Officials signed a port agreement on Friday.";

describe("readDateline: the forms agencies print", () => {
  it.each([
    [`Tunis (TAP)- ${LEAD}`, "Tunis", null, "TAP"],
    [`MANAMA, May 12 (BNA) -- ${LEAD}`, "Manama", null, "BNA"],
    [`LIMA, Peru (AP) — ${LEAD}`, "Lima", "Peru", "AP"],
    [`OSLO, Dec 1 (Reuters) - ${LEAD}`, "Oslo", null, "RTR"],
    [`MINSK, July 3. /BelTA/. ${LEAD}`, "Minsk", null, "BELTA"],
    [`Doha, QNA -- ${LEAD}`, "Doha", null, "QNA"],
    [`Muscat, Shawwal 2, 1446, March 31, 2025, ONA -- ${LEAD}`, "Muscat", null, "ONA"],
    [`DHAKA, 5th June, 2024 (BSS) -- ${LEAD}`, "Dhaka", null, "BSS"],
    [`Quito, Feb 2 (Prensa Latina) ${LEAD}`, "Quito", null, "PL"],
    [`KATHMANDU (RSS) ${LEAD}`, "Kathmandu", null, "RSS"],
    [`Caracas, Mar 3 (EFE).- ${LEAD}`, "Caracas", null, "EFE"],
    [`Vienna (APA) – ${LEAD}`, "Vienna", null, "APA"],
    [`Mumbai [India], June 9 (ANI): ${LEAD}`, "Mumbai", "India", "ANI"],
    [`HAMBURG, Aug 4 (dpa) - ${LEAD}`, "Hamburg", null, "DPA"],
    [`Accra, 3 Oct 2023 (Xinhua) -- ${LEAD}`, "Accra", null, "XH"],
    [`RIO DE JANEIRO, Jan 5 (Agência Brasil) - ${LEAD}`, "Rio De Janeiro", null, "ABR"],
    [`Dar es Salaam, March 8 (Anadolu) - ${LEAD}`, "Dar es Salaam", null, "AA"],
    [`TBILISI, April 1 (Interfax) - ${LEAD}`, "Tbilisi", null, "INTERFAX"],
    [`ZAGREB, Sept 9 (Hina) - ${LEAD}`, "Zagreb", null, "HINA"],
    [`CHISINAU, May 2 (Moldpres) - ${LEAD}`, "Chisinau", null, "MOLDPRES"],
    [`NAIROBI — ${LEAD}`, "Nairobi", null, null],
    [`PHNOM PENH, Cambodia — ${LEAD}`, "Phnom Penh", "Cambodia", null],
  ])("reads %s", (text, place, region, code) => {
    expect(readDateline(text)).toMatchObject({ place, region, sourceCode: code, rest: LEAD });
  });

  it.each([
    ["The International Energy Agency (IEA) said demand would grow."],
    ["Speaking in Lima (Peru) on Monday, officials said the port would open."],
    ["Oil prices rose on Monday (Reuters poll) as supply tightened."],
    ["Officials met on Monday — and again on Tuesday."],
    ["Brazil (BR) - a country of the story - was named."],
  ])("finds no dateline in %s", (text) => {
    const dateline = readDateline(text);
    if (dateline) expect(dateline.place).not.toMatch(/^(The|Speaking|Oil|Officials)/);
    expect(dateline?.sourceCode ?? null).not.toBe("IEA");
  });
});

describe("the agency directory", () => {
  it.each([
    ["Reuters", "RTR"],
    ["The Associated Press", "AP"],
    ["XINHUA", "XH"],
    ["Anadolu Ajansı", "AA"],
    ["dpa", "DPA"],
    ["Kyodo", "KYODO"],
    ["Notimex", "NTX"],
    ["Unheard Of", "UO"],
    ["Moldpres", "MOLDPRES"],
  ])("files (%s) under %s", (printed, code) => {
    expect(sourceCodeFor(printed)).toBe(code);
  });

  it("names the outlet of a known code", () => {
    expect(findKnownSource("YONHAP")?.name).toBe("Yonhap News Agency");
    expect(findKnownSource("Prensa Latina")?.code).toBe("PL");
  });
});

describe("dateline country", () => {
  it.each([
    ["Tehran", null, "IR"],
    ["Kuwait City", null, "KW"],
    ["Washington", null, "US"],
    ["Geneva", null, "CH"],
    ["Lagos", null, "NG"],
    ["Osaka", null, "JP"],
    ["Santiago", null, "CL"],
    ["Davos", "Switzerland", "CH"],
    ["Kyiv", "Ukraine", "UA"],
    ["Atlanta", "Georgia", "US"],
    ["Batumi", "Georgia", "GE"],
    ["Mumbai", "India", "IN"],
    ["Nowhereville", null, null],
  ])("%s (%s) is %s", (place, region, code) => {
    expect(datelineCountry(place, region, tools)).toBe(code);
  });
});

describe("wire page furniture", () => {
  it.each([
    ["Photo: A worker inspects a turbine at the plant. (Reuters Photo)"],
    ["File photo: Ministers pose before the summit."],
    ["Ministers pose before the summit in Accra. Photo: Kwame Asante/dpa"],
    ["A convoy crosses the border near Rafah. AFP/File"],
    ["Delegates arrive at the venue. (Photo: Xinhua)"],
    ["Share this article"],
    ["Share on WhatsApp"],
    ["Tags: energy, Ghana, ports"],
    ["Advertisement"],
  ])("drops %s", (line) => {
    expect(isArtifact(line)).toBe(true);
  });

  it.each([
    ["The photo exhibition opens in Accra on Friday and runs until March."],
    ["Share prices rose 3 percent after the announcement, traders said."],
    ["Tagged as a priority project, the port will be finished in 2027."],
  ])("keeps the sentence %s", (line) => {
    expect(isArtifact(line)).toBe(false);
  });
});

describe("link blocks", () => {
  it("takes only the titles under a mid-story Read more:, and the story goes on", () => {
    const wire = parseWire(
      [
        `ACCRA, Oct 2 (GNA) - ${LEAD}`,
        "Read more:",
        "Ghana opens new container terminal at Tema",
        "Port workers say the new cranes have cut waiting times by half, and the authority plans a second berth next year.",
        "The minister said the agreement would be ratified by parliament before December.",
      ].join("\n\n"),
    );
    expect(wire.related).toEqual([{ kind: "READ_MORE", title: "Ghana opens new container terminal at Tema" }]);
    expect(wire.paragraphs).toHaveLength(3);
    expect(wire.paragraphs[2]).toMatch(/^The minister said/);
  });

  it("reads a final block whose first title ends with a full stop, and stops at page furniture", () => {
    const wire = parseWire(
      [
        `ACCRA, Oct 2 (GNA) - ${LEAD}`,
        "Related:",
        "Cocoa farmers demand higher prices.",
        "Tema port volumes rise for third year",
        "Share this article",
        "Tags: Ghana, ports",
      ].join("\n\n"),
    );
    expect(wire.related).toEqual([
      { kind: "RELATED_NEWS", title: "Cocoa farmers demand higher prices" },
      { kind: "RELATED_NEWS", title: "Tema port volumes rise for third year" },
    ]);
    expect(wire.paragraphs).toEqual([LEAD]);
  });

  it("leaves short body sentences after a block's title in the body", () => {
    const wire = parseWire(
      [
        `ACCRA, Oct 2 (GNA) - ${LEAD}`,
        "Related News:",
        "Tema port volumes rise.",
        "A statement from Accra welcomed the deal.",
        "Lome officials said the same.",
      ].join("\n\n"),
    );
    expect(wire.related).toEqual([{ kind: "RELATED_NEWS", title: "Tema port volumes rise" }]);
    expect(wire.paragraphs).toHaveLength(3);
  });

  it("strips a glued outlet and section with no 'News'", () => {
    const wire = parseWire(`Doha, QNA -- ${LEAD}\n\nQNAEconomy: Port fees will fall next year.`);
    expect(wire.paragraphs).toEqual([LEAD, "Port fees will fall next year."]);
    expect(wire).toMatchObject({ dateline: "Doha", sourceCode: "QNA", sourceName: "Qatar News Agency" });
  });
});
