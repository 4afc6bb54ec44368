import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { DataDirLock, type LockHolder } from "./lock";
import { servePgliteSocket, socketFile, type SessionOptions } from "./socket-server";
import type { AppLogger } from "../../common/logger";
import type { ListeningDatabase } from "../../live/notifications";

/** Where this process reaches the embedded database: a PostgreSQL Unix socket folder. */
export interface EmbeddedDatabase {
  socketDir: string;
  /** `owner`: PGlite runs in this process; `joined`: in the `newsgraph serve` that owns the folder. */
  role: "owner" | "joined";
  /** Migrations are done: a server's lock now tells other processes to connect through it. */
  markReady(): void;
  /** NOTIFYs committed by any process: heard by the owner only (a joined command serves no subscriptions). */
  notifications: ListeningDatabase;
  /** Owner: closes the socket and PGlite, then releases the lock. Joined: nothing to do. */
  close(): Promise<void>;
}

/** The data folder is in use in a way that cannot be waited out (a second server). */
export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
}

const MAX_SOCKET_PATH = 100; // sun_path holds 104 bytes on macOS, 108 on Linux

/** The socket lives in the data folder (`psql -h DATA_DIR`), or under the temp folder when that path is too long for a socket. */
function socketDirFor(dataDir: string): string {
  if (Buffer.byteLength(socketFile(dataDir)) <= MAX_SOCKET_PATH) return dataDir;
  return path.join(os.tmpdir(), `newsgraph-${createHash("sha1").update(dataDir).digest("hex").slice(0, 12)}`);
}

/** Whether something answers on the socket (a server shutting down has closed it before its lock goes). */
function socketAnswers(socketDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketFile(socketDir));
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** Starts PGlite in this process and serves it on the socket. */
async function own(
  dataDir: string | undefined,
  socketDir: string,
  lock: DataDirLock | null,
  command: string,
  session: SessionOptions,
): Promise<EmbeddedDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  try {
    const socket = await servePgliteSocket(db, socketDir, session);
    return {
      socketDir,
      role: "owner",
      notifications: socket,
      // Only a server takes other processes in: a CLI command's run is too short to lean on.
      markReady: () => (command === "serve" ? lock?.markReady() : undefined),
      close: async () => {
        await socket.close();
        await db.close();
        if (!lock) fs.rmSync(socketDir, { recursive: true, force: true });
        lock?.releaseSync();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** A joined process hears no NOTIFYs: they reach the connection that commits them, and the owner. */
const notHeardHere: ListeningDatabase = {
  listen: () => Promise.reject(new Error("notifications of the embedded database are heard by the newsgraph serve that owns it")),
};

const describe = (h: LockHolder): string => (h.pid ? `newsgraph ${h.command} (pid ${h.pid})` : "another newsgraph process");

/**
 * Opens the embedded database of `dataDir` for `command`, with one owner per folder:
 * - nobody holds the folder's lock: take it, start PGlite here and serve it on a socket;
 * - a ready `newsgraph serve` holds it: join it through its socket (nothing is opened twice);
 * - `command` is `serve` and another server holds it: DataDirBusyError, at once;
 * - a CLI command holds it, or a server still starting: wait for it, saying so once.
 * `memory://` gets a private in-memory database and a socket in a temporary folder.
 */
export async function openEmbedded(
  dataDir: string,
  command: string,
  log: AppLogger,
  options: { idleTransactionMs: number } = { idleTransactionMs: 0 },
): Promise<EmbeddedDatabase> {
  const session: SessionOptions = {
    idleTransactionMs: options.idleTransactionMs,
    onIdleTransactionEnded: (client) =>
      log.warn({ client, seconds: options.idleTransactionMs / 1000 }, "ended an embedded database connection left idle in a transaction; its transaction was rolled back"),
  };
  if (dataDir === "memory://") return own(undefined, fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-")), null, command, session);
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const socketDir = socketDirFor(dir);
  let waitingFor = "";
  for (;;) {
    const taken = DataDirLock.acquire(dir, { command, socketDir });
    if (taken instanceof DataDirLock) {
      try {
        return await own(dir, socketDir, taken, command, session);
      } catch (error) {
        taken.releaseSync();
        throw error;
      }
    }
    const holder = taken.heldBy;
    if (holder.command === "serve" && command === "serve") {
      throw new DataDirBusyError(`${describe(holder)} already runs on ${dataDir}; stop it first or set another DATA_DIR`);
    }
    if (holder.command === "serve" && holder.ready && (await socketAnswers(holder.socketDir))) {
      return { socketDir: holder.socketDir, role: "joined", notifications: notHeardHere, markReady: () => {}, close: async () => {} };
    }
    const now =
      holder.command === "serve"
        ? `waiting for ${describe(holder)} to finish starting`
        : `waiting for ${describe(holder)} to finish with ${dataDir}`;
    if (now !== waitingFor) log.warn({ dataDir, holder: holder.pid }, now);
    waitingFor = now;
    await new Promise((r) => setTimeout(r, 200));
  }
}
