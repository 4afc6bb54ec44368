import type { ChangeEvent } from "./change-event";

/** How much one subscriber may fall behind before it is dropped. */
export interface BackpressureLimits {
  /** Most events waiting for a subscriber that is still sending earlier ones. */
  maxQueue: number;
  /** True when the subscriber's connection already holds too much unsent data. */
  backedUp(): boolean;
  /** Drops the subscriber (closes its connection with a close code). */
  drop(): void;
}

/**
 * This server's end of the change feed: events heard on the NOTIFY channel go to every
 * subscription here, each through its own bounded queue.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  /** Subscriptions opened since start. */
  opened = 0;
  /** Subscriptions dropped for falling behind, since start. */
  dropped = 0;

  /** Hands an event to every subscription. */
  dispatch(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }

  /**
   * The events `select` keeps (mapped to what the subscription resolves), as an async
   * iterator. A subscriber that falls behind its limits is dropped: the iterator ends and
   * `limits.drop()` closes its connection, instead of buffering without bound.
   */
  subscribe<T>(select: (event: ChangeEvent) => T | null, limits: BackpressureLimits): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let waiting: ((result: IteratorResult<T>) => void) | null = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.listeners.delete(listener);
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
    };
    const listener = (event: ChangeEvent) => {
      const value = select(event);
      if (value === null) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        return resolve({ value, done: false });
      }
      if (queue.length >= limits.maxQueue || limits.backedUp()) {
        finish();
        this.dropped++;
        return limits.drop();
      }
      queue.push(value);
    };
    this.listeners.add(listener);
    this.opened++;
    return {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async () => {
        finish();
        return { value: undefined, done: true };
      },
      throw: async (error) => {
        finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
