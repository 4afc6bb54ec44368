import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { countryRecords } from "../../src/country/country-data";
import { CountryDirectory } from "../../src/country/country-directory";
import { Country } from "../../src/country/country.entity";
import { CountryMatcher } from "../../src/ingest/extract/country-matcher";
import { datelineCountry } from "../../src/ingest/extract/dateline-country";
import { extractPeople } from "../../src/ingest/extract/people";
import { findQuotes } from "../../src/ingest/extract/quotes";
import { extractCountryRelations } from "../../src/ingest/extract/relations";
import { isArtifact } from "../../src/ingest/parse/wire-artifacts";
import { readDateline } from "../../src/ingest/parse/wire-dateline";

/**
 * Rules added after scoring a blind set of wire stories, each checked on sentences written for
 * it here (not from the generator, the development set or the blind set).
 */
const countries = new CountryDirectory(countryRecords().map((r) => Object.assign(new Country(), r)));
const matcher = new CountryMatcher(countries.all);
const tools = { countries, matcher };
const people = (text: string, datelineCountry: string | null = null) =>
  extractPeople(text, { ...tools, datelineCountry }).map(({ name, role, country }) => ({ name, role, country }));
const codes = (text: string, setIn: string | null = null) => [...new Set(matcher.scan(text, { setIn }).map((h) => h.code))];
const relations = (text: string) => extractCountryRelations(text, matcher).map((r) => `${r.kind} ${r.a}-${r.b}`);

describe("datelines: places in other spellings and shared names", () => {
  it.each([
    ["Bandar Bushehr", null, "IR"],
    ["Bandar Abbas", null, "IR"],
    ["George Town", null, "MY"],
    ["Hamilton", null, "CA"],
  ])("%s is in %s", (place, region, code) => {
    expect(datelineCountry(place, region, tools)).toBe(code);
  });

  it("reads an agency dateline closed by a colon", () => {
    expect(readDateline("QUETTA, Nov 2 (APP): Officials opened a new road.")).toMatchObject({ place: "Quetta", sourceCode: "APP", rest: "Officials opened a new road." });
  });
});

describe("people: ranks, titles and courtesy titles stay out of the name", () => {
  it.each([
    ["Rear Admiral Tomasz Wierzbicki-Nowak said the fleet would sail at dawn.", "Tomasz Wierzbicki-Nowak", "Rear Admiral", null],
    ["The treaty was signed by Air Chief Marshal Sipho Ndlovu Khumalo on Friday.", "Sipho Ndlovu Khumalo", "Air Chief Marshal", null],
    ["Navy commander Admiral Pedro Alves Mendonça said patrols would double.", "Pedro Alves Mendonça", "Navy Commander", "PT"],
    ["Chilean Minister of Health Dr. Ximena Rojas Olmedo opened the clinic.", "Ximena Rojas Olmedo", "Minister", "CL"],
    ["Bishop of Mombasa Peter Otieno Wafula led the prayers.", "Peter Otieno Wafula", "Bishop", null],
  ])("reads %s", (text, name, role, country) => {
    expect(people(text, "PT")).toEqual([{ name, role, country }]);
  });

  it("takes a later rank-and-surname mention as the same person", () => {
    const text = "Army chief General Kwame Ofori Boateng inspected the barracks. General Boateng said morale was high.";
    expect(people(text, "GH")).toEqual([{ name: "Kwame Ofori Boateng", role: "Army Chief", country: "GH" }]);
  });
});

describe("people: what the title says", () => {
  it.each([
    ["Danish Finance Ministry State Secretary Mette Lykke Holm said the budget balanced.", "Mette Lykke Holm", "State Secretary", "DK"],
    ["Talks with Lao Deputy Prime Minister and Foreign Minister Somsak Vongsa ended late.", "Somsak Vongsa", "Deputy Prime Minister and Foreign Minister", "LA"],
    ["Harbour director Ingrid Solberg Dahl told reporters the quay was full.", "Ingrid Solberg Dahl", "Harbour Director", null],
    ["Tarek Nabil Fahmy, a freight analyst at a Cairo bank, said rates would fall.", "Tarek Nabil Fahmy", "Analyst", null],
    ["Democratic Senator Alma Reyes Cortez of Arizona backed the bill.", "Alma Reyes Cortez", "Senator", "US"],
    ["Municipal councillor for housing Joana Prates Lobo said rents had doubled.", "Joana Prates Lobo", "Municipal Councillor", null],
    ["Chairwoman of the provincial Water Board Sari Kettunen Virta said the dam was safe.", "Sari Kettunen Virta", "Chairwoman", null],
  ])("reads %s", (text, name, role, country) => {
    expect(people(text)).toEqual([{ name, role, country }]);
  });
});

describe("people: places, buildings, streets and ships are no people", () => {
  it.each([
    ["The ministers met at the Préfecture du Nord in Lille."],
    ["Lorries queued on Jalan Raja Abdullah Aziz for hours."],
    ["The tanker Captain Mendez, flagged in Malta, docked on Friday."],
    ["Investors toured the Sheikh Saad industrial zone on Monday."],
    ["Fishermen near Ras Hadd Khalid said the catch was poor."],
    ["The gala was held at the Oskar Lindqvist Theatre in Malmo."],
    ["Residents of the Ferreira Santos Valley said the road was closed."],
    ["Beatriz Lemos Cunha, chief executive of the shipping firm Atlantic Carga Norte, said freight rose."],
  ])("finds no person besides the named executive in %s", (text) => {
    expect(people(text).map((p) => p.name).filter((n) => n !== "Beatriz Lemos Cunha")).toEqual([]);
  });
});

describe("countries: words that only look like countries", () => {
  it.each([
    ["Farmers from the US state of Georgia sold peanuts to Canada.", ["US", "CA"]],
    ["Exports reached US$40 million, officials in Ghana said.", ["GH"]],
    ["The loan of 300 million U.S. dollars will fund a road in Laos.", ["LA"]],
    ["Economists warned Chile of Dutch disease as copper boomed.", ["CL"]],
    ["Vendors in Lima now sell French fries and Irish coffee.", ["PE"]],
    ["Cargo ships crossed the Indian Ocean to Kenya.", ["KE"]],
    ["Qatar Airways and Turkish Airlines added flights to Nigeria.", ["NG"]],
    ["Island hopping is popular in Greece.", ["GR"]],
    ["Tourists flew from Guyana to George Town in Penang, Malaysia.", ["GY", "MY"]],
    ["A Djiboutian delegation visited Addis Ababa.", ["DJ", "ET"]],
    ["Valletta and Nassau signed a shipping accord.", ["MT", "BS"]],
    ["Researchers at Georgetown University studied rice prices in Vietnam.", ["VN"]],
    ["Sofia Marquez and Victoria Hale toured farms in Peru.", ["PE"]],
    ["Santiago-Lima flights resumed on Monday.", ["CL", "PE"]],
  ])("finds in %s", (text, want) => {
    expect(codes(text)).toEqual(want);
  });
});

describe("relations: new cues and what is not asserted", () => {
  it.each([
    ["Syrian artillery shelled villages in northern Jordan overnight.", ["CONFLICT JO-SY"]],
    ["Peru and Chile sent their ambassadors back after a year-long quarrel.", ["DIPLOMATIC CL-PE"]],
    ["Ghana summoned Togo's high commissioner over the border incident.", ["DIPLOMATIC GH-TG"]],
    ["Norway and Iceland signed a security memorandum on Arctic patrols.", ["STRATEGIC IS-NO"]],
    ["Greece and Cyprus agreed to expand commerce by a third.", ["ECONOMIC CY-GR"]],
    ["Freight trains will run daily between Austria and Slovenia from May.", ["ECONOMIC AT-SI"]],
    ["Estonia and Latvia will stage a joint ballet tour next year.", ["CULTURAL EE-LV"]],
    ["Angola took a 200-million-U.S.-dollar loan from a Chinese bank.", ["ECONOMIC AO-CN"]],
  ])("relates %s", (text, want) => {
    expect(relations(text)).toEqual(want);
  });

  it.each([
    ["Reporters asked whether Hungary was holding trade talks with Serbia."],
    ["The lifting of Canadian sanctions on Myanmar took effect last year."],
    ["Oman would consider joint naval patrols with Yemen once the border is settled."],
    ["The festival will screen films from Armenia and Georgia."],
  ])("relates nothing in %s", (text) => {
    expect(relations(text)).toEqual([]);
  });
});

describe("quotes: attributed by whole words", () => {
  it("does not read a speaker's name inside another word", () => {
    const text = 'Omar Fadel spoke first. Then the Libyan delegate said: "The port will reopen next month."';
    expect(findQuotes(text, [["Omar Fadel", "Fadel"], ["Li Wen", "Li"]]).map((q) => q.speaker)).toEqual([0]);
  });

  it("takes a name standing next to punctuation, and not one joined to letters beyond the Basic Plane", () => {
    const text = 'Li, the envoy, said: "The talks will go on tomorrow." Then: "We expect a deal this week," 𠀀Fadel added.';
    expect(findQuotes(text, [["Omar Fadel", "Fadel"], ["Li Wen", "Li"]]).map((q) => q.speaker)).toEqual([1, 1]);
  });
});

describe("captions: an agency and its photographer in brackets", () => {
  it("drops the caption line", () => {
    expect(isArtifact("Officials attend the ceremony in Lome, May 3, 2025. (Xinhua/Kossi Agbeko)")).toBe(true);
    expect(isArtifact("Officials said the port (Lome) would reopen.")).toBe(false);
  });
});
