// The ESM typings: the same ones as the dynamic import that starts PGlite (src/db/embedded/embedded.ts).
import type { PGlite } from "@electric-sql/pglite" with { "resolution-mode": "import" };
import { renameStatements, sessionName } from "./statement-names";
import { NotificationScanner } from "./notification-scanner";

/** One unit of work for the session: a client's protocol message, or the cleanup after it left. */
interface Task {
  handlerId: number;
  /** Runs with the session; resolves true when the client must keep the session afterwards. */
  run(): Promise<boolean>;
  fail(error: Error): void;
}

const READY_FOR_QUERY = 0x5a; // 'Z', then int32 length 5, then the transaction status byte
const IDLE = 0x49; // 'I': not in a transaction block
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S': ends an unfinished extended-protocol batch

/**
 * Shares PGlite's single session between socket connections without mixing them up.
 *
 * A connection takes the session with its first message and keeps it until PGlite answers
 * ReadyForQuery with status idle: through a whole extended-protocol batch (Parse, Bind,
 * Execute… Sync, whose unnamed statement lives in the session) and a whole transaction. The
 * other connections' messages wait, in arrival order. A connection that leaves while holding
 * the session has its batch ended and its transaction rolled back.
 *
 * It stands in for pglite-socket's own queue, which hands the session over between any two
 * messages outside an explicit transaction (so one client's Parse can replace another's
 * statement before its Bind) and stops for good after one failed message:
 * https://github.com/electric-sql/pglite/issues/1046. It implements the three methods
 * PGLiteSocketHandler calls.
 *
 * A connection that holds the session idle inside a transaction for `idleTransactionMs` (as
 * PostgreSQL's idle_in_transaction_session_timeout) is handed to `onIdleTransaction`, which
 * ends it: a psql left at `BEGIN` must not stop the server's own queries for good.
 */
export class SessionQueue {
  private owner: number | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly tasks: Task[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  /** Connections that prepared named statements: theirs are deallocated when they go. */
  private readonly preparers = new Set<number>();
  private readonly notificationListeners = new Set<(channel: string, payload: string) => void>();
  private readonly scanner = new NotificationScanner((channel, payload) => {
    for (const listener of this.notificationListeners) listener(channel, payload);
  });

  constructor(
    private readonly db: PGlite,
    private readonly idle: { idleTransactionMs: number; onIdleTransaction(handlerId: number): void } = {
      idleTransactionMs: 0,
      onIdleTransaction: () => {},
    },
  ) {}

  /** Runs one protocol message of connection `handlerId`, streaming PGlite's answer to `onData`. */
  enqueue(handlerId: number, original: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const { message, prepares } = renameStatements(handlerId, original);
    if (prepares) this.preparers.add(handlerId);
    return new Promise((resolve, reject) => {
      this.tasks.push({
        handlerId,
        fail: reject,
        run: async () => {
          const tail = new Uint8Array(6);
          let bytes = 0;
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                bytes += data.length;
                keepTail(tail, data);
                if (this.notificationListeners.size) this.scanner.feed(data);
                onData(data);
              },
            }),
          );
          resolve(bytes);
          return !endsIdle(tail);
        },
      });
      this.pump();
    });
  }

  /** Drops the queued messages of a connection that is going away. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      if (this.tasks[i].handlerId === handlerId) this.tasks.splice(i, 1)[0].fail(new Error("connection closed"));
    }
  }

  /**
   * After a connection left: if it still holds the session, end its batch and roll back;
   * deallocate its prepared statements; hand the session on.
   */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    return new Promise((resolve) => {
      this.tasks.push({
        handlerId,
        fail: () => resolve(),
        run: async () => {
          if (this.owner === handlerId) {
            await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
            if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
          }
          if (this.preparers.delete(handlerId)) await this.deallocate(sessionName(handlerId, ""));
          resolve();
          return false;
        },
      });
      this.pump();
    });
  }

  /** Runs `work` with the session to itself, between other connections' batches and transactions. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.tasks.push({
        handlerId: 0, // no connection's: PGLiteSocketHandler ids start at 1
        fail: reject,
        run: async () => {
          resolve(await work());
          return false;
        },
      });
      this.pump();
    });
  }

  /** Calls `listener` with every NOTIFY that PGlite delivers to the session; returns how to stop. */
  onNotification(listener: (channel: string, payload: string) => void): () => void {
    this.scanner.reset();
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Drops the prepared statements whose names start with `prefix`. */
  private async deallocate(prefix: string): Promise<void> {
    const { rows } = await this.db.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE starts_with(name, $1)", [prefix]);
    for (const { name } of rows) await this.db.exec(`DEALLOCATE "${name.replace(/"/g, '""')}"`);
  }

  /** Resolves once no connection holds the session and nothing waits (for a clean close). */
  whenIdle(): Promise<void> {
    if (this.owner === null && !this.running && this.tasks.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts the wait after which `holder`, idle with the session (in a transaction), is ended. */
  private armIdleTimer(holder: number): void {
    if (this.idle.idleTransactionMs <= 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.owner === holder && !this.running) this.idle.onIdleTransaction(holder);
    }, this.idle.idleTransactionMs);
    this.idleTimer.unref();
  }

  /** The next task allowed to run: the holder's, or anyone's when the session is free. */
  private next(): Task | undefined {
    const i = this.owner === null ? 0 : this.tasks.findIndex((t) => t.handlerId === this.owner);
    return i >= 0 && i < this.tasks.length ? this.tasks.splice(i, 1)[0] : undefined;
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      for (let task = this.next(); task; task = this.next()) {
        clearTimeout(this.idleTimer);
        try {
          this.owner = (await task.run()) ? task.handlerId : null;
        } catch (error) {
          // PGlite itself failed (not an SQL error, which is an answer): free the session unless
          // a transaction is still open, so one bad message never stops the others.
          this.owner = this.db.isInTransaction() ? task.handlerId : null;
          task.fail(error as Error);
        }
      }
      this.running = false;
      if (this.owner !== null) this.armIdleTimer(this.owner);
      if (this.owner === null && this.tasks.length === 0) {
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    })();
  }
}

/** True when an answer ended with ReadyForQuery saying "idle" (no transaction open). */
function endsIdle(tail: Uint8Array): boolean {
  return tail[0] === READY_FOR_QUERY && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5 && tail[5] === IDLE;
}

/** Keeps the last `tail.length` bytes of everything seen so far in `tail`. */
function keepTail(tail: Uint8Array, data: Uint8Array): void {
  const n = tail.length;
  if (data.length >= n) {
    tail.set(data.subarray(data.length - n));
  } else {
    tail.copyWithin(0, data.length);
    tail.set(data, n - data.length);
  }
}
