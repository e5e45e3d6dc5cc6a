import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { ReplicatorError } from "../errors";
import { storeContract } from "../testing/storeContract";
import { testContact as contact, testPage as page } from "../testing/storeFixtures";
import { SQLITE_SCHEMA_VERSION } from "./sqlite/migrations";
import { APPLICATION_ID } from "./sqlite/sqliteSchema";
import { openSqliteStore, type SqliteStore } from "./sqlite/sqliteStore";
import { ForeignDatabaseError, NewerSchemaError, StoreCorruptError, StoreNotFoundError } from "./storeErrors";

const TENANT = "tenant-a";
let dir: string;
const open: SqliteStore[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-store-"));
});
afterEach(() => {
  for (const store of open.splice(0)) store.closeNow();
  fs.rmSync(dir, { recursive: true, force: true });
});

function storeAt(file = path.join(dir, "directory.db"), readonly = false): SqliteStore {
  const store = openSqliteStore(file, { readonly });
  open.push(store);
  return store;
}

storeContract("SQLite", {
  open: async () => openSqliteStore(path.join(dir, "contract.db")),
  openAnother: async () => openSqliteStore(path.join(dir, "contract.db")),
});

describe("openSqliteStore", () => {
  it("creates and marks a new store, including missing directories", () => {
    const file = path.join(dir, "nested", "deeper", "directory.db");
    storeAt(file).closeNow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("initialises an empty existing file", async () => {
    const file = path.join(dir, "empty.db");
    fs.writeFileSync(file, "");
    expect(await storeAt(file).forTenant(TENANT).directory.countContacts()).toBe(0);
  });

  it("reopens its own store with the data intact", async () => {
    const file = path.join(dir, "directory.db");
    const first = storeAt(file);
    await first.forTenant(TENANT).directory.applyPage(page({ upsert: [contact("a")] }));
    first.closeNow();
    expect(await storeAt(file).forTenant(TENANT).directory.getContacts(["a"])).toEqual(
      new Map([["a", contact("a")]]),
    );
  });

  it("reports a file of random bytes as corrupt and leaves it untouched", () => {
    const file = path.join(dir, "random.db");
    const bytes = Buffer.alloc(8192, 0x5a);
    fs.writeFileSync(file, bytes);
    expect(() => storeAt(file)).toThrow(StoreCorruptError);
    expect(() => storeAt(file)).toThrow(
      `The contact store ${file} is not a readable SQLite database (file is not a database).`,
    );
    const error = catchError(() => storeAt(file));
    expect(error).toBeInstanceOf(ReplicatorError);
    expect((error as ReplicatorError).toJSON()).toEqual({
      code: "store-corrupt",
      message: `The contact store ${file} is not a readable SQLite database (file is not a database).`,
      fix:
        "It was left untouched. Move it aside and run `entra-replicator sync` to rebuild the directory from Entra " +
        "with a full sync, or point ENTRA_REPLICATOR_DB (or --db) at another file.",
      field: "storePath",
      exitCode: 7,
    });
    expect(fs.readFileSync(file)).toEqual(bytes);
    expect(fs.readdirSync(dir)).toEqual(["random.db"]);
  });

  it("reports a store whose pages are damaged as corrupt when they are read", async () => {
    const file = path.join(dir, "damaged.db");
    const writer = storeAt(file);
    await writer
      .forTenant(TENANT)
      .directory.applyPage(page({ upsert: Array.from({ length: 200 }, (_, i) => contact(`c${i}`)) }));
    writer.closeNow();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096, bytes.length);
    fs.writeFileSync(file, bytes);
    const error = await catchAsyncError(async () => {
      const { directory } = storeAt(file).forTenant(TENANT);
      await directory.getContacts(["c1"]);
      await directory.allContactIds();
    });
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(
      (error as ReplicatorError).message.startsWith(
        `The contact store ${file} is not a readable SQLite database (`,
      ),
    ).toBe(true);
  });

  it("reports a foreign SQLite database naming its tables, and does not write to it", () => {
    const file = path.join(dir, "crm.db");
    const foreign = new Database(file);
    foreign.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY); CREATE TABLE invoices (id INTEGER PRIMARY KEY);",
    );
    foreign.close();
    const before = fs.readFileSync(file);
    const error = catchError(() => storeAt(file));
    expect(error).toBeInstanceOf(ForeignDatabaseError);
    expect((error as ReplicatorError).message).toBe(
      `${file} is not an entra-replicator store: it is an SQLite database of another application (tables: customers, invoices).`,
    );
    expect((error as ReplicatorError).fix).toBe(
      "It was left untouched; point ENTRA_REPLICATOR_DB (or --db) at another file (a new file is created and initialised).",
    );
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it("reports a store of a newer schema version", () => {
    const file = path.join(dir, "future.db");
    storeAt(file).closeNow();
    const db = new Database(file);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    const error = catchError(() => storeAt(file));
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect((error as ReplicatorError).message).toBe(
      `The contact store ${file} has schema version ${SQLITE_SCHEMA_VERSION + 1}, written by a newer entra-replicator (this version understands up to ${SQLITE_SCHEMA_VERSION}).`,
    );
  });

  const directoryPath = (): string => {
    const file = path.join(dir, "a-directory.db");
    fs.mkdirSync(file);
    return file;
  };
  const belowAFile = (): string => {
    fs.writeFileSync(path.join(dir, "file"), "x");
    return path.join(dir, "file", "x.db");
  };
  it.each([
    ["a directory", directoryPath],
    ["below a file", belowAFile],
  ])(
    "a path that cannot be a store file (%s) is reported, naming the path and the fix",
    (_what, makePath) => {
      const file = makePath();
      const error = catchError(() => storeAt(file));
      expect(error).toBeInstanceOf(ReplicatorError);
      expect((error as ReplicatorError).toJSON()).toEqual({
        code: "store-unavailable",
        message: expect.stringMatching(new RegExp(`^Cannot use the contact store ${file}: `)),
        fix: "Check that the path is right and that its directory is writable, or point ENTRA_REPLICATOR_DB (or --db) at another file.",
        field: "storePath",
        exitCode: 7,
      });
    },
  );

  it("read-only: a missing file is reported and not created", () => {
    const file = path.join(dir, "missing.db");
    const error = catchError(() => storeAt(file, true));
    expect(error).toBeInstanceOf(StoreNotFoundError);
    expect((error as ReplicatorError).message).toBe(`There is no contact store at ${file}.`);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("read-only: reads what a writer stored, and refuses to write", async () => {
    const file = path.join(dir, "directory.db");
    const writer = storeAt(file);
    await writer.forTenant(TENANT).directory.applyPage(page({ upsert: [contact("a")] }));
    writer.closeNow();
    const reader = storeAt(file, true).forTenant(TENANT).directory;
    expect(await reader.findByE164("+31201234567")).toEqual([contact("a")]);
    await expect(reader.applyPage(page({ delete: ["a"] }))).rejects.toThrow(ReplicatorError);
    expect(await reader.countContacts()).toBe(1);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

async function catchAsyncError(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
