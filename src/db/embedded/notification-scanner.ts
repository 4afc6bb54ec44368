const NOTIFICATION_RESPONSE = 0x41; // 'A': int32 process id, channel, payload (both NUL-terminated)

/**
 * Picks the NotificationResponse messages out of PGlite's answers as they stream past, split at
 * any byte. PGlite tells its own `listen()` callbacks only about the answers it parses itself;
 * the answers the socket server relays raw (every connection's, this process's included) it
 * does not look at, so the SessionQueue does, for the listeners of the owning process.
 */
export class NotificationScanner {
  private readonly header = Buffer.alloc(5);
  private headerBytes = 0;
  /** Body bytes of the current message still to come. */
  private remaining = 0;
  /** The body of the current message when it is a notification; null for any other message. */
  private body: Buffer[] | null = null;

  constructor(private readonly emit: (channel: string, payload: string) => void) {}

  /** Starts afresh at a message boundary. */
  reset(): void {
    this.headerBytes = 0;
    this.remaining = 0;
    this.body = null;
  }

  feed(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(5 - this.headerBytes, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerBytes);
        this.headerBytes += take;
        at += take;
        if (this.headerBytes < 5) return;
        this.remaining = this.header.readInt32BE(1) - 4;
        this.body = this.header[0] === NOTIFICATION_RESPONSE ? [] : null;
        if (this.remaining <= 0) this.finish();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      this.body?.push(Buffer.from(chunk.subarray(at, at + take)));
      this.remaining -= take;
      at += take;
      if (this.remaining === 0) this.finish();
    }
  }

  private finish(): void {
    if (this.body) {
      const body = Buffer.concat(this.body);
      const channelEnd = body.indexOf(0, 4);
      const payloadEnd = body.indexOf(0, channelEnd + 1);
      if (channelEnd > 0 && payloadEnd > channelEnd) {
        this.emit(body.toString("utf8", 4, channelEnd), body.toString("utf8", channelEnd + 1, payloadEnd));
      }
    }
    this.reset();
  }
}
