import { createHash, randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { IsNull } from "typeorm";
import { ApiKey, Role } from "./api-key.entity";
import type { Caller } from "../context";

const hash = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/** Creates a key, valid until `expiresAt` (null: no end); the plain key is returned once and only its hash is stored. */
export async function createApiKey(ds: DataSource, role: Role, name: string, expiresAt: Date | null = null): Promise<{ key: string; record: ApiKey }> {
  if (!Object.values(Role).includes(role)) throw new Error(`role must be one of ${Object.values(Role).join(", ")}`);
  const key = `ng_${randomBytes(24).toString("base64url")}`;
  const record = await ds.getRepository(ApiKey).save({ name, role, keyHash: hash(key), keyPrefix: key.slice(0, 8), revokedAt: null, expiresAt });
  return { key, record };
}

export function listApiKeys(ds: DataSource): Promise<ApiKey[]> {
  return ds.getRepository(ApiKey).find({ order: { createdAt: "ASC" } });
}

/** Revokes a key by id or by its printed prefix; returns how many keys were revoked. */
export async function revokeApiKey(ds: DataSource, idOrPrefix: string): Promise<number> {
  const repo = ds.getRepository(ApiKey);
  const isId = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const matches = await repo.find({ where: isId ? { id: idOrPrefix, revokedAt: IsNull() } : { keyPrefix: idOrPrefix, revokedAt: IsNull() } });
  if (matches.length > 1) throw new Error(`"${idOrPrefix}" matches ${matches.length} keys; revoke by id`);
  for (const k of matches) await repo.update(k.id, { revokedAt: new Date() });
  return matches.length;
}

/** What a presented key is worth: the caller it identifies, or why it is refused (one line for the client). */
export type KeyCheck = { caller: Caller; refusal?: undefined } | { caller: null; refusal: string };

export const INVALID_KEY = "Invalid or revoked API key";

/** Checks a presented key: unknown and revoked keys are refused alike; an expired one says when it expired. */
export async function authenticate(ds: DataSource, key: string, now: Date = new Date()): Promise<KeyCheck> {
  if (key.length > 200) return { caller: null, refusal: INVALID_KEY };
  const found = await ds.getRepository(ApiKey).findOne({ where: { keyHash: hash(key), revokedAt: IsNull() } });
  if (!found) return { caller: null, refusal: INVALID_KEY };
  if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) {
    return { caller: null, refusal: `API key expired at ${found.expiresAt.toISOString()}; ask for a new one (newsgraph keys create)` };
  }
  return { caller: { keyId: found.id, role: found.role } };
}
