import { badInput } from "./errors";

/** Opaque cursors: base64url JSON of the keyset values (or an offset) of one row. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/**
 * Decodes a cursor made by encodeCursor and checks its shape against `kinds`
 * ("string", "number", "date"); a malformed cursor is a BAD_USER_INPUT error.
 */
export function decodeCursor(cursor: string, kinds: readonly ("string" | "number" | "date")[]): (string | number)[] {
  const fail = () => badInput("after is not a valid cursor for this list", { argument: "after" });
  if (cursor.length > 500) throw fail();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw fail();
  }
  if (!Array.isArray(values) || values.length !== kinds.length) throw fail();
  kinds.forEach((kind, i) => {
    const v = values[i];
    const ok =
      kind === "number" ? Number.isInteger(v) && (v as number) >= 0
      : kind === "date" ? typeof v === "string" && !Number.isNaN(Date.parse(v))
      : typeof v === "string";
    if (!ok) throw fail();
  });
  return values as (string | number)[];
}
