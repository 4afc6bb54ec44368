import type { Config } from "../config";
import { LocalContentVersion, type ContentVersion } from "./content-version";
import { RedisContentVersion } from "./redis-content-version";
import type { AppLogger } from "../common/logger";

/** The content version: shared through Redis when REDIS_URL is set, else in this process. */
export async function createContentVersion(config: Config, log?: AppLogger): Promise<ContentVersion> {
  return config.redisUrl ? RedisContentVersion.connect(config.redisUrl, log, config.redisKeyPrefix) : new LocalContentVersion();
}
