import { badInput } from "./errors";
import { keyOf, type NodeType } from "./global-id";

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

/**
 * The keyset position an `after` cursor of (sort value, id) names; the id must be of `type`.
 * Undefined when there is no cursor; a malformed one is a BAD_USER_INPUT error.
 */
export function keysetAfter(after: string | null | undefined, sortKind: "string" | "date", type: NodeType): [string, string] | undefined {
  if (!after) return undefined;
  const [value, id] = decodeCursor(after, [sortKind, "string"]) as [string, string];
  if (!keyOf(type, id)) throw badInput("after is not a valid cursor for this list", { argument: "after" });
  return [value, id];
}
