import { createHash, randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { IsNull } from "typeorm";
import { ApiKey, Role } from "./api-key.entity";
import type { Caller } from "../context";

const hash = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/** Creates a key; the plain key is returned once and only its hash is stored. */
export async function createApiKey(ds: DataSource, role: Role, name: string): Promise<{ key: string; record: ApiKey }> {
  if (!Object.values(Role).includes(role)) throw new Error(`role must be one of ${Object.values(Role).join(", ")}`);
  const key = `ng_${randomBytes(24).toString("base64url")}`;
  const record = await ds.getRepository(ApiKey).save({ name, role, keyHash: hash(key), keyPrefix: key.slice(0, 8), revokedAt: null });
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

/** The caller a presented key identifies; null when the key is unknown or revoked. */
export async function authenticate(ds: DataSource, key: string): Promise<Caller | null> {
  if (key.length > 200) return null;
  const found = await ds.getRepository(ApiKey).findOne({ where: { keyHash: hash(key), revokedAt: IsNull() } });
  return found ? { keyId: found.id, role: found.role } : null;
}
