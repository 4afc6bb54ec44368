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
export async function servePgliteSocket(db: PGlite, socketDir: string): Promise<PgliteSocket> {
  const file = socketFile(socketDir);
  fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as HandlerQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener("close", () => handlers.delete(handler));
    handler.addEventListener("error", () => handlers.delete(handler));
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
