/** Environment parsed once into a typed, validated configuration. */
export interface Config {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  databaseUrl?: string;
  /** PostgreSQL read replicas (DATABASE_REPLICA_URLS): queries read from them, in turn. */
  replicaUrls: string[];
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  port: number;
  host: string;
  redisUrl?: string;
  /** Prefix of every Redis key this server writes (REDIS_KEY_PREFIX): deployments sharing a Redis keep apart. */
  redisKeyPrefix: string;
  production: boolean;
  /** Origins browsers may call the API from (CORS_ORIGINS): `*` for any, or a list; empty: none. */
  corsOrigins: "*" | string[];
  /** Requests one API key or client address may make per minute (RATE_LIMIT_PER_MINUTE); 0: no limit. */
  rateLimitPerMinute: number;
  /** Proxies in front of the server whose X-Forwarded-For is believed (TRUST_PROXY); 0: none. */
  trustProxyHops: number;
  /** GraphQL introspection and the IDE; on outside production unless turned off. */
  introspection: boolean;
  logLevel: string;
  /** Load the demo stories when the database has no article yet. */
  demoData: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Largest story text accepted by ingest, in bytes. */
  maxStoryBytes: number;
  maxDepth: number;
  maxComplexity: number;
  /** Adds `extensions.sqlStatements` to every response (tests and benchmarks). */
  exposeSqlCount: boolean;
  /** Story pages, feeds and the like answered by one compiled SQL statement (COMPILED_READS); off: resolvers only. */
  compiledReads: boolean;
  /** Response cache entry lifetime ceiling, in seconds (0 turns the cache off). */
  cacheMaxAgeSeconds: number;
  /** After SIGTERM, seconds of answering /readyz with 503 while still serving, before draining. */
  drainDelaySeconds: number;
  /** Most change events one subscription may have waiting before it is dropped as too slow. */
  subscriptionQueue: number;
  /**
   * Embedded database: seconds a connection may hold the one PGlite session idle inside an open
   * transaction before it is ended (rolled back) so that the others can go on; 0 never.
   */
  embeddedIdleTransactionSeconds: number;
  /** Most unsent bytes a subscriber's connection may hold before it is dropped as too slow. */
  subscriptionBufferBytes: number;
}

/** A configuration error: reported as one line at start, never as a stack trace. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + "//").join(" or ")}, got "${raw}"`);
  }
  return raw;
}

/** DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs, only beside a DATABASE_URL. */
function replicaUrls(env: Env): string[] {
  const list = (env.DATABASE_REPLICA_URLS ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  if (list.length && !env.DATABASE_URL?.trim()) throw new ConfigError("DATABASE_REPLICA_URLS needs DATABASE_URL (the primary that takes the writes)");
  return list.map((u) => url({ DATABASE_REPLICA_URLS: u }, "DATABASE_REPLICA_URLS", ["postgres:", "postgresql:"])!);
}

/** CORS_ORIGINS: `*`, `none`, or comma-separated origins (`https://news.example.com`); unset: none in production, any outside it. */
function corsOrigins(env: Env, production: boolean): "*" | string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return production ? [] : "*";
  if (raw === "*") return "*";
  if (raw.toLowerCase() === "none") return [];
  return raw.split(",").map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !["http:", "https:"].includes(parsed.protocol) || parsed.origin !== origin.toLowerCase()) {
      throw new ConfigError(`CORS_ORIGINS must be *, none or comma-separated origins like https://news.example.com (no path), got "${origin}"`);
    }
    return parsed.origin;
  });
}

/** TRUST_PROXY: a flag (true: one proxy, as the shipped nginx) or how many proxies stand in front. */
function trustProxyHops(env: Env): number {
  const raw = env.TRUST_PROXY?.trim();
  if (raw && /^\d+$/.test(raw)) return integer(env, "TRUST_PROXY", 0, 0, 10);
  try {
    return flag(env, "TRUST_PROXY", false) ? 1 : 0;
  } catch {
    throw new ConfigError(`TRUST_PROXY must be true, false or the number of proxies in front (0 to 10), got "${env.TRUST_PROXY}"`);
  }
}

function redisKeyPrefix(env: Env): string {
  const raw = env.REDIS_KEY_PREFIX ?? "newsgraph:";
  if (!/^[\w.:{}-]{1,64}$/.test(raw)) {
    throw new ConfigError(`REDIS_KEY_PREFIX must be 1 to 64 letters, digits or _ . : - { }, got "${raw}"`);
  }
  return raw;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Reads the configuration from the environment; throws ConfigError with a one-line message. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const production = env.NODE_ENV === "production";
  const logLevel = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }
  return {
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    replicaUrls: replicaUrls(env),
    dataDir: env.DATA_DIR?.trim() || "./data",
    port: integer(env, "PORT", 4000, 0, 65535),
    // Reachable from this machine only unless asked: containers set HOST=0.0.0.0.
    host: env.HOST?.trim() || "127.0.0.1",
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    redisKeyPrefix: redisKeyPrefix(env),
    production,
    corsOrigins: corsOrigins(env, production),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 0, 0, 1_000_000),
    trustProxyHops: trustProxyHops(env),
    introspection: flag(env, "INTROSPECTION", !production),
    logLevel,
    demoData: flag(env, "DEMO_DATA", true),
    maxBodyBytes: integer(env, "MAX_BODY_BYTES", 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxStoryBytes: integer(env, "MAX_STORY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxDepth: integer(env, "MAX_QUERY_DEPTH", 12, 2, 100),
    maxComplexity: integer(env, "MAX_QUERY_COMPLEXITY", 20000, 10, 10_000_000),
    exposeSqlCount: flag(env, "EXPOSE_SQL_COUNT", false),
    cacheMaxAgeSeconds: integer(env, "CACHE_MAX_AGE", 60, 0, 86400),
    compiledReads: flag(env, "COMPILED_READS", true),
    drainDelaySeconds: integer(env, "DRAIN_DELAY_SECONDS", 0, 0, 300),
    subscriptionQueue: integer(env, "SUBSCRIPTION_QUEUE", 100, 1, 100_000),
    embeddedIdleTransactionSeconds: integer(env, "EMBEDDED_IDLE_TRANSACTION_SECONDS", 60, 0, 86400),
    subscriptionBufferBytes: integer(env, "SUBSCRIPTION_BUFFER_BYTES", 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    ...overrides,
  };
}
