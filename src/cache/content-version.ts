/**
 * A number that changes whenever stored content changes (every successful ingest, update or
 * delete). The response cache keys on it, so a client never reads a page older than the last
 * write it could have seen.
 */
export interface ContentVersion {
  /** Null when it cannot be known right now (Redis unreachable): then nothing may be cached. */
  current(): Promise<string | null>;
  bump(): Promise<void>;
  close(): Promise<void>;
}

/** One process: the version is a counter in memory. */
export class LocalContentVersion implements ContentVersion {
  private version = 0;
  private readonly epoch = Date.now().toString(36);
  async current(): Promise<string> {
    return `${this.epoch}.${this.version}`;
  }
  async bump(): Promise<void> {
    this.version++;
  }
  async close(): Promise<void> {}
}
