/**
 * SIGTERM while a phone downloads a large phonebook: the download finishes whole, new connections
 * are refused, and the process exits 0. And the files holding personal data are private (0600).
 */
import fs from "node:fs";
import path from "node:path";
import { contactNumber, createKey, syncInto, temporaryStore } from "../../sync/testing/serveFixture";
import { parseVcards } from "../../sync/testing/strictVcard";
import { runCli } from "./harness";
import { startPausedDownload } from "./pausedDownload";
import { startServe } from "./serveProcess";
import { acquireStoreLock } from "../../sync/store/sqlite/storeLock";
import { openSqliteStore } from "../../sync/store/sqlite/sqliteStore";

/** ~12 MB of vCards: more than loopback's socket buffers absorb, so the server is still sending at SIGTERM. */
const CONTACTS = 40_000;
const store = temporaryStore();

afterAll(() => store.remove());

it("SIGTERM lets an in-flight phonebook download finish, then exits 0", async () => {
  const contacts = Array.from({ length: CONTACTS }, (_, i) => contactNumber(i + 1));
  await syncInto(store.storePath, contacts);
  const { key } = await createKey(store.storePath, "11111111-1111-4111-8111-111111111111");
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ENTRA_REPLICATOR_DB: store.storePath };
  const server = await startServe(env);

  const download = await startPausedDownload(`${server.url}/v1/phonebook.vcf`, key);
  while (!server.stderr().includes('"url":"/v1/phonebook.vcf"')) await new Promise((r) => setTimeout(r, 20));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the response has begun
  server.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(server.child.exitCode).toBeNull(); // still serving the paused download, not cut off
  const cards = parseVcards(await download.finish());
  expect(cards).toHaveLength(CONTACTS);

  expect(await server.exited).toBe(0);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  expect(server.stderr()).toContain("stopping: in-flight requests finish first");
});

it("creates the store, its WAL files, its lock and exports readable by the owner only", async () => {
  const dir = path.dirname(store.storePath);
  const open = openSqliteStore(store.storePath);
  expect(
    fs
      .readdirSync(dir)
      .filter((name) => /^directory\.db(-wal|-shm)?$/.test(name))
      .sort(),
  ).toEqual(["directory.db", "directory.db-shm", "directory.db-wal"]);
  for (const file of fs.readdirSync(dir).filter((name) => name.startsWith("directory.db"))) {
    expect([file, (fs.statSync(path.join(dir, file)).mode & 0o777).toString(8)]).toEqual([file, "600"]);
  }
  open.closeNow();
  const lock = acquireStoreLock(store.storePath);
  expect((fs.statSync(`${store.storePath}.lock`).mode & 0o777).toString(8)).toBe("600");
  lock.release();
  const exported = path.join(dir, "phonebook.vcf");
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ENTRA_REPLICATOR_DB: store.storePath };
  const run = await runCli(["export", "--format", "vcard", "--output", exported], env);
  expect(run.code).toBe(0);
  expect((fs.statSync(exported).mode & 0o777).toString(8)).toBe("600");
});
