import fs from "node:fs";
import path from "node:path";

/** What the lock file of a data folder says about the process that owns the database. */
export interface LockHolder {
  pid: number;
  /** The newsgraph command that holds it: `serve`, `ingest`, `keys create`… */
  command: string;
  /** Folder of the PostgreSQL socket (`.s.PGSQL.5432`) the owner serves the database on. */
  socketDir: string;
  /** True once a server has migrated the database and takes other processes' connections. */
  ready: boolean;
  startedAt: string;
}

/** The name of the lock file inside a data folder. */
export const LOCK_FILE = "newsgraph.lock";

/** Lock files this process holds. */
const held = new Set<string>();

/** Whether the process named in `file` still runs (EPERM: it does, under another user). */
function alive(file: string, pid: number): boolean {
  // Our own pid in a lock we did not take is a previous life of this pid (a container restart).
  if (pid === process.pid) return held.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parse(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text);
    return Number.isInteger(value?.pid) && typeof value.socketDir === "string" ? (value as LockHolder) : null;
  } catch {
    return null;
  }
}

/** A lock this process holds; released on close and, at worst, when the process exits. */
export class DataDirLock {
  private released = false;
  private readonly onExit = () => this.releaseSync();

  private constructor(
    readonly file: string,
    private holder: LockHolder,
  ) {
    held.add(file);
    process.once("exit", this.onExit);
  }

  /**
   * Takes the lock of `dataDir`, or returns the live process that holds it. A lock left by a
   * process that no longer runs is stale: it is removed and taken (as PostgreSQL does with
   * postmaster.pid). Creating the file is atomic (O_EXCL), so of two processes starting at
   * once exactly one gets it.
   */
  static acquire(dataDir: string, holder: Omit<LockHolder, "pid" | "startedAt" | "ready">): DataDirLock | { heldBy: LockHolder } {
    const file = path.join(dataDir, LOCK_FILE);
    const mine: LockHolder = { ...holder, pid: process.pid, ready: false, startedAt: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(mine) + "\n", { flag: "wx", mode: 0o600 });
        return new DataDirLock(file, mine);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = DataDirLock.read(dataDir);
      if (current) return { heldBy: current };
      if (attempt > 50) throw new Error(`cannot take the lock ${file}`);
    }
  }

  /**
   * The live holder of `dataDir`'s lock, or null when there is none. A stale lock (its
   * process is gone, or the file is empty or unreadable for more than a few seconds: a crash
   * while writing it) is removed on the way.
   */
  static read(dataDir: string): LockHolder | null {
    const file = path.join(dataDir, LOCK_FILE);
    let text: string;
    let age: number;
    try {
      text = fs.readFileSync(file, "utf8");
      age = Date.now() - fs.statSync(file).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const holder = parse(text);
    if (holder && alive(file, holder.pid)) return holder;
    // Being written this very moment (between create and write, or a rename): not stale yet.
    if (!holder && age < 3000) return { pid: 0, command: "starting", socketDir: "", ready: false, startedAt: "" };
    fs.rmSync(file, { force: true });
    return null;
  }

  /** Marks the server ready for other processes' connections (an atomic rewrite of the file). */
  markReady(): void {
    this.holder = { ...this.holder, ready: true };
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.holder) + "\n", { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }

  /** Removes the lock file if it is still ours. */
  releaseSync(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.file);
    process.removeListener("exit", this.onExit);
    try {
      if (parse(fs.readFileSync(this.file, "utf8"))?.pid === process.pid) fs.rmSync(this.file, { force: true });
    } catch {
      // already gone
    }
  }
}
