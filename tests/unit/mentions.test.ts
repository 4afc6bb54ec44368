import { describe, expect, it } from "vitest";
import { findPersonMentions } from "../../src/ingest/extract/mentions";

/** The rule as a regular expression (how it was first written): whole words, full name first, left to right. */
function byRegex(text: string, name: string): { count: number; firstOffset: number; surface: string } | null {
  const parts = name.split(/\s+/);
  const surname = parts.length > 1 ? parts[parts.length - 1] : null;
  const forms = [name, ...(surname && surname.length > 2 ? [surname] : [])].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const matches = [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])(${forms.join("|")})(?![\\p{L}\\p{N}])`, "gu"))];
  return matches.length ? { count: matches.length, firstOffset: matches[0].index!, surface: matches[0][1] } : null;
}

describe("findPersonMentions", () => {
  it("counts the full name, then the surname alone, as whole words", () => {
    const text = "Ravin Sariian said on Monday. Sariian added that Sariiani and XSariian are others; Sariian9 too. (Sariian)";
    expect(findPersonMentions(text, "Ravin Sariian")).toEqual({ count: 3, firstOffset: 0, surface: "Ravin Sariian" });
  });

  it("finds a surname mentioned before the full name, and nothing for an absent name", () => {
    expect(findPersonMentions("Sariian met the press. Later Ravin Sariian spoke.", "Ravin Sariian")).toEqual({ count: 2, firstOffset: 0, surface: "Sariian" });
    // A surname of two letters is too short to stand for the person alone.
    expect(findPersonMentions("Yi met the press. Later Wang Yi spoke.", "Wang Yi")).toEqual({ count: 1, firstOffset: 24, surface: "Wang Yi" });
    expect(findPersonMentions("Nobody here.", "Jane Doe")).toBeNull();
  });

  it("tells letters of any script and characters outside the basic plane from word boundaries", () => {
    expect(findPersonMentions("Ana María Núñez habló. Núñezé no; éNúñez no; Núñez sí.", "Ana María Núñez")).toEqual({ count: 2, firstOffset: 0, surface: "Ana María Núñez" });
    // U+10400 (a Deseret letter) is a letter outside the basic plane, written as a surrogate pair.
    expect(findPersonMentions("\u{10400}Doe and Doe\u{10400} and Doe.", "John Doe")).toEqual({ count: 1, firstOffset: 20, surface: "Doe" });
    expect(findPersonMentions("\u{1F600}Doe and Doe.", "John Doe")).toEqual({ count: 2, firstOffset: 2, surface: "Doe" });
  });

  it("gives what the regular expression gives on many texts", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ["Lee", "Lee Lee", "Jean-Paul", "Smith", "Smithson", "O'Neil", "Núñez", " ", " ", ", ", ".", "-", "9", "a", "é", "\u{10400}", "\u{1F600}", "\n\n", "(", "Mr "];
    const names = ["Lee Lee", "Jean-Paul Smith", "Ana O'Neil", "Jo Núñez", "Smith", "Al Lee", "A. B. Smithson"];
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 5 + Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      for (const name of names) expect({ text, name, found: findPersonMentions(text, name) }).toEqual({ text, name, found: byRegex(text, name) });
    }
  });
});
