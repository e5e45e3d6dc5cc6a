import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ExitCode, ReplicatorError } from "../../errors";
import { acquireStoreLock } from "./storeLock";
import { thrownError } from "../../testing/thrownError";

const HOLDER_SCRIPT = path.join(__dirname, "..", "..", "testing", "holdStoreLock.ts");

let directory: string;
let storePath: string;
let lockPath: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "store-lock-"));
  storePath = path.join(directory, "contacts.db");
  lockPath = `${storePath}.lock`;
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  fs.rmSync(directory, { recursive: true, force: true });
});

function lockFile(): { pid: number; hostname: string; startedAt: string } {
  return JSON.parse(fs.readFileSync(lockPath, "utf8")) as {
    pid: number;
    hostname: string;
    startedAt: string;
  };
}

const caught = (action: () => unknown) => thrownError(action, ReplicatorError);

/** Starts a real second process holding the lock; resolves once it has it. */
async function holderProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER_SCRIPT, storePath], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on("exit", () => resolve());
  });
}

describe("acquireStoreLock", () => {
  it("writes who holds the lock beside the store and removes it on release", () => {
    const before = Date.now();
    const lock = acquireStoreLock(storePath);
    const owner = lockFile();
    expect(owner.pid).toBe(process.pid);
    expect(owner.hostname).toBe(os.hostname());
    expect(Date.parse(owner.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(false);
    lock.release(); // idempotent
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it("refuses a second writer in the same process while the first holds it", () => {
    const lock = acquireStoreLock(storePath);
    const error = caught(() => acquireStoreLock(storePath));
    expect(error.code).toBe("store-locked");
    expect(error.exitCode).toBe(ExitCode.Store);
    lock.release();
    acquireStoreLock(storePath).release();
  });

  it("refuses while another live process holds it, naming its pid and the path", async () => {
    const child = await holderProcess();
    const error = caught(() => acquireStoreLock(storePath));
    expect(error.toJSON()).toEqual({
      code: "store-locked",
      field: "storePath",
      exitCode: ExitCode.Store,
      message: expect.stringContaining(
        `The store ${storePath} is being written by another sync (pid ${child.pid} on ${os.hostname()}`,
      ),
      fix: `Wait for that sync to finish and run again. If no such process exists any more, delete ${lockPath}.`,
    });
    expect(lockFile().pid).toBe(child.pid);
  });

  it("is released when the holding process exits normally", async () => {
    const child = await holderProcess();
    child.stdin?.end();
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it("takes over the lock of a process that was killed", async () => {
    const child = await holderProcess();
    child.kill("SIGKILL");
    await exited(child);
    expect(lockFile().pid).toBe(child.pid); // left behind

    const lock = acquireStoreLock(storePath);
    expect(lockFile().pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  describe("taking over a stale lock while another process does the same", () => {
    async function deadPid(): Promise<number> {
      const dead = spawn(process.execPath, ["-e", ""]);
      await exited(dead);
      return dead.pid as number;
    }
    const owner = (pid: number) =>
      JSON.stringify({ pid, hostname: os.hostname(), startedAt: "earlier", nonce: "n" });

    it("backs off while a live process is mid-takeover", async () => {
      fs.writeFileSync(lockPath, owner(await deadPid()));
      fs.writeFileSync(`${lockPath}.takeover`, owner(process.pid)); // a live referee: someone is taking over
      expect(caught(() => acquireStoreLock(storePath)).code).toBe("store-locked");
      expect(fs.existsSync(`${lockPath}.takeover`)).toBe(true);
    });

    it("clears a takeover left by a process that died mid-takeover, then takes the lock", async () => {
      const pid = await deadPid();
      fs.writeFileSync(lockPath, owner(pid));
      fs.writeFileSync(`${lockPath}.takeover`, owner(pid));
      const lock = acquireStoreLock(storePath);
      expect(lockFile().pid).toBe(process.pid);
      expect(fs.existsSync(`${lockPath}.takeover`)).toBe(false);
      lock.release();
    });
  });

  it("does not take over a lock held from another host", () => {
    fs.writeFileSync(
      lockPath,
      JSON.stringify({ pid: 4242, hostname: "other-host", startedAt: "2026-11-27T06:00:00Z", nonce: "n" }),
    );
    const error = caught(() => acquireStoreLock(storePath));
    expect(error.message).toBe(
      `The store ${storePath} is being written by another sync (pid 4242 on other-host, since 2026-11-27T06:00:00Z); only one sync may write a store at a time.`,
    );
    expect(error.fix).toBe(
      `Wait for that sync to finish and run again. If no such process exists any more on other-host, delete ${lockPath}.`,
    );
  });

  it("waits for a lock file that is still being written, but takes over one left unwritten", () => {
    fs.writeFileSync(lockPath, "");
    expect(caught(() => acquireStoreLock(storePath)).message).toContain("another sync that is just starting");

    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, longAgo, longAgo);
    const lock = acquireStoreLock(storePath);
    expect(lockFile().pid).toBe(process.pid);
    lock.release();
  });

  it("does not delete a lock that is no longer its own", () => {
    const lock = acquireStoreLock(storePath);
    const successor = JSON.stringify({
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: "later",
      nonce: "someone-else",
    });
    fs.writeFileSync(lockPath, successor);
    lock.release();
    expect(fs.readFileSync(lockPath, "utf8")).toBe(successor);
  });

  it("creates a missing store directory, as the store itself does", () => {
    const nested = path.join(directory, "new", "dir", "contacts.db");
    const lock = acquireStoreLock(nested);
    expect(fs.existsSync(`${nested}.lock`)).toBe(true);
    lock.release();
  });

  it("says how to fix a store path that cannot hold a lock file", () => {
    fs.writeFileSync(path.join(directory, "a-file"), "");
    const error = caught(() => acquireStoreLock(path.join(directory, "a-file", "contacts.db")));
    expect(error.code).toBe("store-lock-failed");
    expect(error.field).toBe("storePath");
    expect(error.exitCode).toBe(ExitCode.Store);
    expect(error.fix).toContain("--db / ENTRA_REPLICATOR_DB");
  });
});
