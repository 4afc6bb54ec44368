/**
 * Gives every connection its own namespace of prepared statements and portals inside PGlite's
 * single session, as separate PostgreSQL sessions would have: a connection's name `s1` becomes
 * `c7_s1` on the way in. Without it, two processes preparing the same name (node-postgres names
 * statements after their text) clash with "prepared statement already exists", and a
 * reconnecting client finds its old statements still there. Unnamed ones stay unnamed: the
 * SessionQueue never lets another connection in between a Parse and its Sync.
 *
 * Frontend messages with names (PostgreSQL protocol 3): Parse `P` (statement), Bind `B`
 * (portal, statement), Describe `D` and Close `C` (kind `S` or `P`, then name), Execute `E`
 * (portal). Each is a type byte, an int32 length (counting itself), then the fields.
 */

const PARSE = 0x50;
const BIND = 0x42;
const DESCRIBE = 0x44;
const CLOSE = 0x43;
const EXECUTE = 0x45;

/** A rewritten message, and whether it prepares a named statement (to deallocate when the connection goes). */
export interface Renamed {
  message: Uint8Array;
  prepares?: boolean;
}

/** The session-wide name of connection `id`'s statement or portal `name`. */
export const sessionName = (id: number, name: string): string => `c${id}_${name}`;

class Malformed extends Error {}

/** Reads a NUL-terminated string at `at`; returns it and the offset after its NUL. */
function cstring(buf: Uint8Array, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new Malformed();
  return [Buffer.from(buf.subarray(at, end)).toString("utf8"), end + 1];
}

/** Rebuilds a message of `type` from its body parts. */
function message(type: number, parts: Uint8Array[]): Uint8Array {
  const length = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = Buffer.allocUnsafe(1 + length);
  out[0] = type;
  out.writeInt32BE(length, 1);
  let at = 5;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const cstr = (s: string): Uint8Array => Buffer.from(s + "\0", "utf8");

/** Renames a named field (non-empty names only) of connection `id`. */
const rename = (id: number, name: string): string => (name === "" ? "" : sessionName(id, name));

/** Rewrites the statement and portal names of one frontend message of connection `id`. */
export function renameStatements(id: number, msg: Uint8Array): Renamed {
  try {
    return msg.length < 6 ? { message: msg } : rewrite(id, msg);
  } catch (error) {
    // Not a well-formed message: PGlite answers it with the protocol error it deserves.
    if (error instanceof Malformed) return { message: msg };
    throw error;
  }
}

function rewrite(id: number, msg: Uint8Array): Renamed {
  const type = msg[0];
  switch (type) {
    case PARSE: {
      const [name, rest] = cstring(msg, 5);
      if (!name) return { message: msg };
      return { message: message(type, [cstr(rename(id, name)), msg.subarray(rest)]), prepares: true };
    }
    case BIND: {
      const [portal, afterPortal] = cstring(msg, 5);
      const [statement, rest] = cstring(msg, afterPortal);
      if (!portal && !statement) return { message: msg };
      return { message: message(type, [cstr(rename(id, portal)), cstr(rename(id, statement)), msg.subarray(rest)]) };
    }
    case DESCRIBE:
    case CLOSE: {
      const kind = msg[5];
      const [name, rest] = cstring(msg, 6);
      if (!name) return { message: msg };
      return { message: message(type, [Uint8Array.of(kind), cstr(rename(id, name)), msg.subarray(rest)]) };
    }
    case EXECUTE: {
      const [portal, rest] = cstring(msg, 5);
      if (!portal) return { message: msg };
      return { message: message(type, [cstr(rename(id, portal)), msg.subarray(rest)]) };
    }
    default:
      return { message: msg };
  }
}
