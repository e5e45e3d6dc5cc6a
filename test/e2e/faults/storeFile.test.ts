import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SeededRandom } from "../../../standin/seededRandom";
import { type Harness, member, runCli, startHarness } from "../harness";

/**
 * Issue 4: a store file that is not ours — random bytes, or another application's SQLite database — is
 * reported with its path and the fix (exit 7) and left byte for byte as it was; nothing else is written
 * beside it and Graph is never asked.
 */

function randomBytes(seed: number, length: number): Buffer {
  const random = new SeededRandom(seed);
  return Buffer.from(Array.from({ length }, () => random.int(0, 255)));
}

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

describe("a corrupt or foreign store file", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness([member(1), member(2)]);
  });

  afterEach(async () => {
    await harness.close();
  });

  it("random bytes: store-corrupt, exit 7, path and fix named, the file untouched", async () => {
    fs.writeFileSync(harness.storePath, randomBytes(4, 64 * 1024));
    const before = sha256(harness.storePath);

    const run = await runCli(["sync"], harness.env());
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(
      `error [store-corrupt] (storePath): The contact store ${harness.storePath} is not a readable SQLite database`,
    );
    expect(run.stderr).toContain(
      "fix: It was left untouched. Move it aside and run `entra-replicator sync` to rebuild the directory from Entra with a full sync",
    );

    const json = await runCli(["status", "--json"], harness.env());
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: "store-corrupt", field: "storePath", exitCode: 7 },
    });

    expect(sha256(harness.storePath)).toBe(before);
    expect(fs.readdirSync(harness.dir)).toEqual([path.basename(harness.storePath)]);
    expect(harness.standIn.requests.list("token")).toEqual([]);
  });

  it("another application's SQLite database: store-foreign, exit 7, its tables named, the file untouched", async () => {
    const foreign = new Database(harness.storePath);
    foreign.exec(
      "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
    );
    foreign.close();
    const before = sha256(harness.storePath);

    const run = await runCli(["sync", "--json"], harness.env());
    expect(run.code).toBe(7);
    const document = JSON.parse(run.stdout) as { error: { code: string; message: string; fix: string } };
    expect(document.error).toMatchObject({
      code: "store-foreign",
      message: `${harness.storePath} is not an entra-replicator store: it is an SQLite database of another application (tables: invoices).`,
    });
    expect(document.error.fix).toContain(
      "It was left untouched; point ENTRA_REPLICATOR_DB (or --db) at another file",
    );

    expect(sha256(harness.storePath)).toBe(before);
    expect(fs.readdirSync(harness.dir)).toEqual([path.basename(harness.storePath)]);
    expect(harness.standIn.requests.list("token")).toEqual([]);
  });
});
