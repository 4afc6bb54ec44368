import { badInput } from "./errors";

/** The types `node(id:)` can fetch; the name is part of the global id. */
export type NodeType = "Article" | "Person" | "Country" | "Source" | "Relation" | "Cluster";
const NODE_TYPES: readonly NodeType[] = ["Article", "Person", "Country", "Source", "Relation", "Cluster"];

/** Relay global id: base64url of `Type:key`. Opaque to clients, stable for a given object. */
export function toGlobalId(type: NodeType, key: string): string {
  return Buffer.from(`${type}:${key}`, "utf8").toString("base64url");
}

/** Decodes a global id; returns null when it is not one of ours. */
export function fromGlobalId(id: string): { type: NodeType; key: string } | null {
  if (id.length > 200 || !/^[A-Za-z0-9_-]+=*$/.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 1) return null;
  const type = text.slice(0, colon) as NodeType;
  const key = text.slice(colon + 1);
  if (!NODE_TYPES.includes(type) || !key) return null;
  return { type, key };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * The database key of an object of `type` from a client-supplied id: the global id, or for
 * convenience the bare UUID (as printed in corpus files). Null when it cannot be one.
 */
export function keyOf(type: NodeType, id: string): string | null {
  if (type !== "Country" && isUuid(id)) return id.toLowerCase();
  const decoded = fromGlobalId(id);
  if (!decoded || decoded.type !== type) return null;
  if (type !== "Country" && !isUuid(decoded.key)) return null;
  return decoded.key;
}

/** Like keyOf, but a wrong id is a BAD_USER_INPUT error (for arguments that must name something). */
export function requireKey(type: NodeType, id: string, argument = "id"): string {
  const key = keyOf(type, id);
  if (!key) throw badInput(`${argument} is not a valid ${type} id`, { argument });
  return key;
}
