import fs from "node:fs";
import net from "node:net";
import path from "node:path";
// The ESM typings: the same ones as the dynamic import that starts PGlite (src/db/embedded/embedded.ts).
import type { PGlite } from "@electric-sql/pglite" with { "resolution-mode": "import" };
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { SessionQueue } from "./session-queue";

/** The port number in the socket's file name: libpq and node-postgres look for `.s.PGSQL.<port>`. */
export const SOCKET_PORT = 5432;

/** The socket file of a socket folder. */
export const socketFile = (socketDir: string): string => path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);

/** How the one PGlite session is shared: see SessionQueue. */
export interface SessionOptions {
  /** Milliseconds a connection may stay idle in a transaction before it is ended; 0 never. */
  idleTransactionMs: number;
  /** Called (to log it) when a connection was ended for that; `client` is its application_name when known. */
  onIdleTransactionEnded(client: string): void;
}

type HandlerQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"];

/** PGlite served over the PostgreSQL protocol on a Unix socket. */
export interface PgliteSocket {
  /** Connections open right now (this process's own pool included). */
  connections(): number;
  /** Hears the NOTIFYs on `channel` that any connection commits; resolves to a function that stops. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Stops taking connections, rolls back what open ones left unfinished, closes them. */
  close(): Promise<void>;
}

/**
 * Serves `db` on the Unix socket `socketDir/.s.PGSQL.5432`, readable by this user only:
 * `pg`, `psql` and every newsgraph process reach the one embedded database through it. The
 * caller must hold the data folder's lock, so a socket file already there is stale.
 * pglite-socket's handler speaks the protocol; our SessionQueue decides who uses the session.
 */
export async function servePgliteSocket(
  db: PGlite,
  socketDir: string,
  options: SessionOptions = { idleTransactionMs: 0, onIdleTransactionEnded: () => {} },
): Promise<PgliteSocket> {
  const file = socketFile(socketDir);
  fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  const connections = new Map<number, { handler: PGLiteSocketHandler; socket: net.Socket; client: string }>();
  const queue = new SessionQueue(db, {
    idleTransactionMs: options.idleTransactionMs,
    // As PostgreSQL does: a FATAL error the client can show, then the connection ends and its
    // transaction is rolled back (the handler's detach queues that cleanup first in line).
    onIdleTransaction: (handlerId) => {
      const connection = connections.get(handlerId);
      if (!connection) return;
      connection.socket.write(fatalError("25P03", "terminating connection due to idle-in-transaction timeout"));
      options.onIdleTransactionEnded(connection.client);
      void connection.handler.detach(true);
    },
  });
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as HandlerQueue, closeOnDetach: true });
    const connection = { handler, socket, client: "unknown" };
    handlers.add(handler);
    connections.set(handler.handlerId, connection);
    socket.once("data", (startup) => (connection.client = applicationName(startup) ?? connection.client));
    const forget = () => {
      handlers.delete(handler);
      connections.delete(handler.handlerId);
    };
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);
  return {
    connections: () => handlers.size,
    listen: async (channel, onPayload) => {
      const stop = queue.onNotification((c, payload) => c === channel && onPayload(payload));
      await queue.exclusive(() => db.exec(`LISTEN "${channel.replace(/"/g, '""')}"`));
      return async () => void stop();
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      await queue.whenIdle();
      await closed;
    },
  };
}

/** A PostgreSQL ErrorResponse message with severity FATAL. */
function fatalError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/** The application_name of a StartupMessage (psql, `newsgraph ingest`…), when the first packet is one. */
function applicationName(startup: Buffer): string | undefined {
  const parts = startup.subarray(8).toString("utf8").split("\0");
  const at = parts.indexOf("application_name");
  return at >= 0 && at % 2 === 0 ? parts[at + 1] || undefined : undefined;
}
