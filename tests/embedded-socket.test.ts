import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import pg from "pg";
import { servePgliteSocket, SOCKET_PORT, type PgliteSocket, type SessionOptions } from "../src/db/embedded/socket-server";
import { renameStatements } from "../src/db/embedded/statement-names";
import { NotificationScanner } from "../src/db/embedded/notification-scanner";

/**
 * PGlite has one session; the socket server shares it between connections (processes) so that
 * each behaves as if it had its own: batches and transactions are never interleaved, prepared
 * statement names do not clash, and a connection that leaves mid-transaction is rolled back.
 */
describe("embedded database shared over its socket", () => {
  const served = servedPglite();
  const connect = () => served.connect();

  it("answers each of several busy connections with its own results", async () => {
    const clients = await Promise.all([connect(), connect(), connect()]);
    try {
      // Different statement shapes at once through one session: a Parse of one client between
      // another's Parse and Bind would hand it the wrong statement.
      const runs = clients.map((c, k) =>
        Promise.all(
          Array.from({ length: 60 }, async (_, i) => {
            const r =
              k === 0
                ? await c.query("SELECT $1::int + 1 AS n", [i])
                : k === 1
                  ? await c.query("SELECT $1::text || '!' AS s, 2 AS two", [`x${i}`])
                  : await c.query("SELECT $1::int * 3 AS m, $2::text AS t", [i, "y"]);
            return r.rows[0];
          }),
        ),
      );
      const [a, b, c] = await Promise.all(runs);
      expect(a.map((r) => r.n)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(b.map((r) => r.s)).toEqual(Array.from({ length: 60 }, (_, i) => `x${i}!`));
      expect(c.map((r) => r.m)).toEqual(Array.from({ length: 60 }, (_, i) => i * 3));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it("keeps an extended-protocol batch to one connection until its Sync", async () => {
    // Raw protocol, so that the batch is split where a client may split it: Parse and Flush
    // now, Bind and Execute later. Another connection's Parse in between would replace the
    // unnamed statement (pglite-socket's own queue lets it: electric-sql/pglite#1046).
    const a = await rawClient(served.dir);
    const b = await rawClient(served.dir);
    try {
      await a.send(frame("P", "", "SELECT 'from a' AS who", Buffer.alloc(2)), frame("H"));
      await a.until((r) => r.includes(0x31)); // ParseComplete
      const bAnswer = b.send(
        frame("P", "", "SELECT 'from b' AS who", Buffer.alloc(2)),
        frame("B", "", "", Buffer.alloc(6)),
        frame("E", "", Buffer.alloc(4)),
        frame("S"),
      );
      await b.settle();
      expect(b.received()).toHaveLength(0); // b waits while a's batch is open
      await a.send(frame("B", "", "", Buffer.alloc(6)), frame("E", "", Buffer.alloc(4)), frame("S"));
      expect(text(await a.until(readyForQuery))).toContain("from a");
      await bAnswer;
      expect(text(await b.until(readyForQuery))).toContain("from b");
    } finally {
      a.close();
      b.close();
    }
  });

  it("gives each connection its own prepared statement names, and drops them when it leaves", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const ra = await a.query({ name: "same", text: "SELECT 'a' AS who" });
    const rb = await b.query({ name: "same", text: "SELECT 'b' AS who, 1 AS extra" });
    expect(ra.rows).toEqual([{ who: "a" }]);
    expect(rb.rows).toEqual([{ who: "b", extra: 1 }]);
    expect((await a.query({ name: "same", text: "SELECT 'a' AS who" })).rows).toEqual([{ who: "a" }]);
    await a.end();
    await b.end();
    const c = await connect();
    // A new connection starts clean: nothing left behind by the two that went.
    expect((await c.query("SELECT count(*)::int AS n FROM pg_prepared_statements")).rows[0].n).toBe(0);
    expect((await c.query({ name: "same", text: "SELECT 'c' AS who" })).rows).toEqual([{ who: "c" }]);
    await c.end();
  });

  it("keeps a transaction to itself: others wait for its end and never see its rows before", async () => {
    const [writer, reader] = await Promise.all([connect(), connect()]);
    try {
      await writer.query("BEGIN");
      await writer.query("INSERT INTO t VALUES (1, 'uncommitted')");
      let seen: unknown[] | null = null;
      const read = reader.query("SELECT v FROM t WHERE id = 1").then((r) => (seen = r.rows));
      // The reader cannot run inside the writer's open transaction: it waits.
      await writer.query("SELECT pg_sleep(0.05)");
      expect(seen).toBeNull();
      await writer.query("UPDATE t SET v = 'committed' WHERE id = 1");
      await writer.query("COMMIT");
      await read;
      expect(seen).toEqual([{ v: "committed" }]);
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it("rolls back the transaction of a connection that goes away, and serves the others", async () => {
    const [quitter, other] = await Promise.all([connect(), connect()]);
    quitter.on("error", () => {}); // "Connection terminated unexpectedly", as intended
    await quitter.query("BEGIN");
    await quitter.query("INSERT INTO t VALUES (2, 'never')");
    const waiting = other.query("SELECT count(*)::int AS n FROM t WHERE id = 2");
    // Killed, not ended: the socket just closes.
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(0);
    expect((await other.query("INSERT INTO t VALUES (2, 'later') RETURNING v")).rows).toEqual([{ v: "later" }]);
    await other.end();
  });

  it("tells this process's listeners about the NOTIFYs any connection commits, after the commit", async () => {
    const heard: string[] = [];
    const stop = await served.socket.listen("news", (payload) => heard.push(payload));
    const c = await connect();
    await c.query("BEGIN");
    await c.query("SELECT pg_notify('news', 'one'), pg_notify('other', 'not ours')");
    expect(heard).toEqual([]);
    await c.query("COMMIT");
    await c.query("SELECT pg_notify('news', 'two')");
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(["one", "two"]);
    await stop();
    await c.query("SELECT pg_notify('news', 'three')");
    expect(heard).toEqual(["one", "two"]);
    await c.end();
  });

  it("rejects a statement error without stopping anyone (one failure never jams the queue)", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await expect(a.query("SELECT * FROM no_such_table")).rejects.toThrow(/does not exist/);
    await expect(a.query("BEGIN; SELECT 1/0")).rejects.toThrow(/division by zero/);
    await a.query("ROLLBACK");
    expect((await b.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect((await a.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
    await Promise.all([a.end(), b.end()]);
  });
});

/**
 * One connection idle inside a transaction would hold PGlite's only session for good (a psql
 * left at BEGIN would stop the server's own queries): after the idle timeout it is ended, as
 * PostgreSQL's idle_in_transaction_session_timeout does, and its transaction rolled back.
 */
describe("embedded database: a connection idle in a transaction", () => {
  const IDLE_MS = 1500;
  const ended: string[] = [];
  const served = servedPglite({ idleTransactionMs: IDLE_MS, onIdleTransactionEnded: (client) => ended.push(client) });
  const connect = (name: string) => served.connect(name);

  it("is ended with a FATAL error after the timeout, its work rolled back, and the others go on", async () => {
    const [idler, other] = await Promise.all([connect("forgotten psql"), connect("server")]);
    const idlerErrors: Error[] = [];
    idler.on("error", (e) => idlerErrors.push(e));
    await idler.query("BEGIN");
    await idler.query("INSERT INTO t VALUES (1, 'never committed')");
    // Waits behind the open transaction until the idler is ended, then sees nothing of it.
    expect((await other.query("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 0 }]);
    expect(ended).toEqual(["forgotten psql"]);
    await expect(idler.query("COMMIT")).rejects.toThrow();
    expect(idlerErrors.map((e) => (e as Error & { code?: string }).code ?? e.message).join()).toMatch(/25P03|terminat/);
    expect((await other.query("INSERT INTO t VALUES (1, 'later') RETURNING v")).rows).toEqual([{ v: "later" }]);
    await other.end();
  });

  it("leaves alone a transaction that keeps working and a connection idle outside a transaction", async () => {
    const [busy, resting] = await Promise.all([connect("busy"), connect("resting")]);
    await resting.query("SELECT 1");
    await busy.query("BEGIN");
    // Longer in all than the timeout, never idle for long.
    const until = Date.now() + IDLE_MS * 1.5;
    for (let i = 10; Date.now() < until; i++) {
      await busy.query("INSERT INTO t VALUES ($1, 'step')", [i]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await busy.query("COMMIT");
    // Idle without a transaction for more than the timeout: still served.
    await new Promise((r) => setTimeout(r, IDLE_MS * 1.5));
    expect((await resting.query("SELECT count(*)::int AS n FROM t WHERE v = 'step'")).rows[0].n).toBeGreaterThan(0);
    expect(ended).toEqual(["forgotten psql"]);
    await Promise.all([busy.end(), resting.end()]);
  });
});

/**
 * A PGlite with a table `t`, served on a socket folder of its own for the tests of one describe
 * block (started before them, closed after): `connect` opens a pg client under an application name.
 */
function servedPglite(options?: SessionOptions) {
  let db: { close(): Promise<void> } | undefined;
  const served = {
    socket: undefined as unknown as PgliteSocket,
    dir: "",
    connect: async (name = "test") => {
      const c = new pg.Client({ host: served.dir, port: SOCKET_PORT, user: "postgres", database: "postgres", application_name: name });
      await c.connect();
      return c;
    },
  };
  beforeAll(async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create();
    db = pglite;
    await pglite.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
    served.dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-sock-"));
    served.socket = await servePgliteSocket(pglite, served.dir, options);
  });
  afterAll(async () => {
    await served.socket?.close();
    await db?.close();
    if (served.dir) fs.rmSync(served.dir, { recursive: true, force: true });
  });
  return served;
}

/** One frontend message: a type letter, its length, then fields (strings end with NUL). */
function frame(type: string, ...fields: (string | Buffer)[]): Buffer {
  const body = Buffer.concat(fields.map((f) => (typeof f === "string" ? Buffer.from(f + "\0") : f)));
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0, "latin1");
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

const readyForQuery = (r: Buffer) => r.length >= 6 && r[r.length - 6] === 0x5a;
const text = (r: Buffer) => r.toString("latin1");

/** A PostgreSQL protocol client over the socket that sends raw messages and keeps what comes back. */
async function rawClient(dir: string) {
  const socket = net.connect(path.join(dir, `.s.PGSQL.${SOCKET_PORT}`));
  let buffer = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  socket.on("data", (d) => {
    buffer = Buffer.concat([buffer, d]);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((r) => socket.once("connect", r));
  const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  const client = {
    send: (...messages: Buffer[]) => new Promise<void>((r) => socket.write(Buffer.concat(messages), () => r())),
    /** Waits until what arrived since the last call satisfies `done`, and returns it. */
    until: async (done: (r: Buffer) => boolean) => {
      while (!done(buffer)) await new Promise<void>((r) => waiters.push(r));
      const got = buffer;
      buffer = Buffer.alloc(0);
      return got;
    },
    /** Gives the server time to answer, if it were going to. */
    settle: () => new Promise((r) => setTimeout(r, 100)),
    received: () => buffer,
    close: () => socket.destroy(),
  };
  await client.send(Buffer.concat([startup, params]));
  await client.until(readyForQuery);
  return client;
}

describe("notifications in a stream of backend messages", () => {
  const notification = (channel: string, payload: string) => frame("A", Buffer.alloc(4), channel, payload);
  const stream = Buffer.concat([
    frame("C", "SELECT 1"),
    notification("news", "héllo"),
    frame("D", Buffer.alloc(10)),
    notification("x", ""),
    frame("Z", "I"),
  ]);

  it.each([1, 2, 3, 7, stream.length])("finds them whatever the chunk size (%i bytes)", (size) => {
    const found: [string, string][] = [];
    const scanner = new NotificationScanner((c, p) => found.push([c, p]));
    for (let at = 0; at < stream.length; at += size) scanner.feed(stream.subarray(at, at + size));
    expect(found).toEqual([
      ["news", "héllo"],
      ["x", ""],
    ]);
  });
});

describe("statement names per connection", () => {
  const msg = frame;
  const tail = Buffer.from([0, 0]);

  it.each([
    ["Parse, named", msg("P", "s1", "SELECT 1", tail), msg("P", "c7_s1", "SELECT 1", tail), true],
    ["Parse, unnamed", msg("P", "", "SELECT 1", tail), msg("P", "", "SELECT 1", tail), undefined],
    ["Bind, named portal and statement", msg("B", "p", "s1", tail), msg("B", "c7_p", "c7_s1", tail), undefined],
    ["Bind, unnamed portal", msg("B", "", "s1", tail), msg("B", "", "c7_s1", tail), undefined],
    ["Describe statement", msg("D", Buffer.from("S"), "s1"), msg("D", Buffer.from("S"), "c7_s1"), undefined],
    ["Close portal", msg("C", Buffer.from("P"), "p"), msg("C", Buffer.from("P"), "c7_p"), undefined],
    ["Execute named portal", msg("E", "p", Buffer.alloc(4)), msg("E", "c7_p", Buffer.alloc(4)), undefined],
    ["Query (simple protocol) is left alone", msg("Q", "SELECT 1"), msg("Q", "SELECT 1"), undefined],
    [
      "a malformed Parse is left for PGlite to refuse",
      Buffer.from([0x50, 0, 0, 0, 6, 0x61]),
      Buffer.from([0x50, 0, 0, 0, 6, 0x61]),
      undefined,
    ],
  ])("%s", (_name, input, expected, prepares) => {
    const out = renameStatements(7, input);
    expect(Buffer.from(out.message).toString("hex")).toBe(expected.toString("hex"));
    expect(out.prepares).toBe(prepares);
  });
});
