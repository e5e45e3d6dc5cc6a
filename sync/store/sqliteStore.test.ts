import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { ReplicatorError } from "../errors";
import type { Contact, EntraUser, EscrowedRecord, RunSummary } from "../model";
import { toContact } from "../plan/toContact";
import type { ContactStore, PageChange } from "./contactStore";
import { APPLICATION_ID, SCHEMA_VERSION } from "./schema";
import { openSqliteStore } from "./sqliteStore";
import { ForeignDatabaseError, NewerSchemaError, StoreCorruptError, StoreNotFoundError } from "./storeErrors";

let dir: string;
const open: ContactStore[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-store-"));
});
afterEach(() => {
  for (const store of open.splice(0)) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function storeAt(file = path.join(dir, "directory.db"), readonly = false): ContactStore {
  const store = openSqliteStore(file, { readonly });
  open.push(store);
  return store;
}

function user(id: string, overrides: Partial<EntraUser> = {}): EntraUser {
  return {
    id,
    displayName: `User ${id}`,
    givenName: null,
    surname: null,
    mail: `${id}@contoso.example`,
    userPrincipalName: `${id}@contoso.example`,
    jobTitle: null,
    department: null,
    companyName: "Contoso",
    officeLocation: null,
    businessPhones: ["+31 20 123 4567 ext. 45"],
    mobilePhone: "n/a",
    accountEnabled: true,
    userType: "Member",
    usageLocation: "NL",
    country: null,
    ...overrides,
  };
}

const contact = (id: string, overrides: Partial<EntraUser> = {}): Contact =>
  toContact(user(id, overrides), "NL");
const page = (change: Partial<PageChange>): PageChange => ({
  upsert: [],
  delete: [],
  escrow: [],
  resolvedEscrow: [],
  ...change,
});

function run(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    tenantId: "tenant-a",
    mode: "full",
    outcome: "succeeded",
    startedAt: "2026-01-01T10:00:00.000Z",
    finishedAt: "2026-01-01T10:00:05.000Z",
    created: 3,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidNumbers: 1,
    escrowed: 0,
    pages: 1,
    message: null,
    ...overrides,
  };
}

describe("openSqliteStore", () => {
  it("creates and marks a new store, including missing directories", () => {
    const file = path.join(dir, "nested", "deeper", "directory.db");
    storeAt(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("initialises an empty existing file", () => {
    const file = path.join(dir, "empty.db");
    fs.writeFileSync(file, "");
    expect(storeAt(file).countContacts()).toBe(0);
  });

  it("reopens its own store with the data intact", () => {
    const file = path.join(dir, "directory.db");
    const first = storeAt(file);
    first.applyPage(page({ upsert: [contact("a")] }));
    first.close();
    expect(storeAt(file).getContacts(["a"])).toEqual(new Map([["a", contact("a")]]));
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

  it("reports a store whose pages are damaged as corrupt when they are read", () => {
    const file = path.join(dir, "damaged.db");
    const writer = storeAt(file);
    writer.applyPage(page({ upsert: Array.from({ length: 200 }, (_, i) => contact(`c${i}`)) }));
    writer.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096, bytes.length);
    fs.writeFileSync(file, bytes);
    const error = catchError(() => {
      const store = storeAt(file);
      store.getContacts(["c1"]);
      store.allContactIds();
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
    storeAt(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const error = catchError(() => storeAt(file));
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect((error as ReplicatorError).message).toBe(
      `The contact store ${file} has schema version 2, written by a newer entra-replicator (this version understands up to 1).`,
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

  it("read-only: reads what a writer stored, and refuses to write", () => {
    const file = path.join(dir, "directory.db");
    const writer = storeAt(file);
    writer.applyPage(page({ upsert: [contact("a")] }));
    writer.close();
    const reader = storeAt(file, true);
    expect(reader.findByE164("+31201234567")).toEqual([contact("a")]);
    expect(() => reader.applyPage(page({ delete: ["a"] }))).toThrow(ReplicatorError);
    expect(reader.countContacts()).toBe(1);
  });
});

describe("SqliteContactStore", () => {
  it("round-trips contacts with their phones exactly", () => {
    const store = storeAt();
    const alice = contact("alice", {
      businessPhones: ["020 123 4567", "+49 30 1234567"],
      mobilePhone: "06 12345678",
    });
    const bob = contact("bob", { businessPhones: [], mobilePhone: null });
    store.applyPage(page({ upsert: [alice, bob] }));
    expect(store.getContacts(["alice", "bob", "nobody"])).toEqual(
      new Map([
        ["alice", alice],
        ["bob", bob],
      ]),
    );
    expect(store.getContacts([])).toEqual(new Map());
    expect(store.allContactIds()).toEqual(new Set(["alice", "bob"]));
    expect(store.countContacts()).toBe(2);
  });

  it("replaces a contact's phones on update and removes them on delete", () => {
    const store = storeAt();
    store.applyPage(page({ upsert: [contact("a"), contact("b")] }));
    const changed = contact("a", { businessPhones: ["+44 20 7946 0958"], mobilePhone: null });
    store.applyPage(page({ upsert: [changed], delete: ["b", "never-existed"] }));
    expect(store.getContacts(["a", "b"])).toEqual(new Map([["a", changed]]));
    expect(store.findByE164("+31201234567")).toEqual([]);
    expect(store.findByE164("+442079460958")).toEqual([changed]);
  });

  it("applies a page atomically: a failure part-way leaves nothing behind", () => {
    const store = storeAt();
    store.applyPage(page({ upsert: [contact("keep")] }));
    const poisoned = {
      ...contact("b"),
      phones: [{ ...contact("b").phones[0]!, type: null }],
    } as unknown as Contact;
    expect(() =>
      store.applyPage(
        page({
          upsert: [contact("a"), poisoned],
          delete: ["keep"],
          escrow: [{ id: "x", reason: "bad", excerpt: "{}" }],
        }),
      ),
    ).toThrow("NOT NULL constraint failed: phones.type");
    expect(store.allContactIds()).toEqual(new Set(["keep"]));
    expect(store.escrowed()).toEqual([]);
    expect(store.findByE164("+31201234567")).toEqual([contact("keep")]);
  });

  it("commits each page on its own: a failing page leaves nothing, the pages before it stay", () => {
    const file = path.join(dir, "directory.db");
    const writer = storeAt(file);
    const reader = storeAt(file, true);
    writer.applyPage(page({ upsert: [contact("a")] }));
    expect(reader.allContactIds()).toEqual(new Set(["a"]));
    const poisoned = { ...contact("b"), displayName: null } as unknown as Contact;
    expect(() => writer.applyPage(page({ upsert: [contact("c"), poisoned], delete: ["a"] }))).toThrow(
      "NOT NULL constraint failed: contacts.display_name",
    );
    expect(reader.allContactIds()).toEqual(new Set(["a"]));
  });

  it("finds every contact sharing a number, ordered by display name", () => {
    const store = storeAt();
    const reception = contact("r", {
      displayName: "reception",
      businessPhones: ["+31 20 123 4567"],
      mobilePhone: null,
    });
    const alice = contact("a", {
      displayName: "Alice",
      businessPhones: ["020 1234567 x12"],
      mobilePhone: null,
    });
    const other = contact("o", {
      displayName: "Other",
      businessPhones: ["+31 20 765 4321"],
      mobilePhone: null,
    });
    const twice = contact("t", {
      displayName: "Twice",
      businessPhones: ["+31201234567"],
      mobilePhone: "+31 20 123 4567",
    });
    store.applyPage(page({ upsert: [reception, alice, other, twice] }));
    expect(store.findByE164("+31201234567")).toEqual([alice, reception, twice]);
    expect(store.findByE164("+31000000000")).toEqual([]);
  });

  it("streams all contacts ordered by display name (case-insensitively) then id", () => {
    const store = storeAt();
    const contacts = [
      contact("3", { displayName: "bob" }),
      contact("1", { displayName: "Bob" }),
      contact("2", { displayName: "alice", businessPhones: [], mobilePhone: null }),
      contact("4", { displayName: "Carol", businessPhones: ["1", "2", "3"] }),
    ];
    store.applyPage(page({ upsert: contacts }));
    const iterator = store.iterateContacts();
    expect(iterator.next().value).toEqual(contacts[2]);
    expect([...iterator]).toEqual([contacts[1], contacts[0], contacts[3]]);
    expect([...store.iterateContacts()].map((c) => c.id)).toEqual(["2", "1", "3", "4"]);
  });

  it("stores the deltaLink per tenant, with the directory settings its round was applied with", () => {
    const store = storeAt();
    expect(store.getDeltaLink("tenant-a")).toBeNull();
    expect(store.getDeltaLinkSettings("tenant-a")).toBeNull();
    store.setDeltaLink("tenant-a", "https://graph/delta?token=1", "settings-1");
    store.setDeltaLink("tenant-b", "https://graph/delta?token=b", "settings-b");
    store.setDeltaLink("tenant-a", "https://graph/delta?token=2", "settings-2");
    expect(store.getDeltaLink("tenant-a")).toBe("https://graph/delta?token=2");
    expect(store.getDeltaLinkSettings("tenant-a")).toBe("settings-2");
    store.clearDeltaLink("tenant-a");
    expect(store.getDeltaLink("tenant-a")).toBeNull();
    expect(store.getDeltaLinkSettings("tenant-a")).toBeNull();
    expect(store.getDeltaLink("tenant-b")).toBe("https://graph/delta?token=b");
    expect(store.getDeltaLinkSettings("tenant-b")).toBe("settings-b");
  });

  it("keeps the run history, newest first, a re-recorded run replacing its entry", () => {
    const store = storeAt();
    store.recordRun(run("r1"));
    store.recordRun(
      run("r2", {
        mode: "incremental",
        outcome: "blocked-by-deletion-guard",
        message: "would delete 9 of 10",
      }),
    );
    store.recordRun(run("r3", { outcome: "failed" }));
    store.recordRun(run("r3", { outcome: "succeeded", created: 7 }));
    expect(store.recentRuns(10)).toEqual([
      run("r3", { outcome: "succeeded", created: 7 }),
      run("r2", {
        mode: "incremental",
        outcome: "blocked-by-deletion-guard",
        message: "would delete 9 of 10",
      }),
      run("r1"),
    ]);
    expect(store.recentRuns(1).map((r) => r.runId)).toEqual(["r3"]);
  });

  it("reports invalid numbers with their owner", () => {
    const store = storeAt();
    store.applyPage(
      page({
        upsert: [
          contact("b", { displayName: "Bob", businessPhones: ["12"], mobilePhone: "06 12345678" }),
          contact("a", { displayName: "Alice", businessPhones: ["+31 20 123 4567"], mobilePhone: "n/a" }),
        ],
      }),
    );
    expect(store.invalidNumbers()).toEqual([
      { contactId: "a", displayName: "Alice", type: "mobile", raw: "n/a", problem: "not a phone number" },
      { contactId: "b", displayName: "Bob", type: "business", raw: "12", problem: "too short for NL" },
    ]);
  });

  it("keeps escrow per id: replaced by a newer entry, cleared when resolved", () => {
    const store = storeAt();
    const first: EscrowedRecord = {
      id: "x",
      reason: "accountEnabled must be true, false or null",
      excerpt: "{}",
    };
    const second: EscrowedRecord = {
      id: "x",
      reason: "displayName contains a NUL character",
      excerpt: '{"id":"x"}',
    };
    const other: EscrowedRecord = { id: "y", reason: "record is not a JSON object", excerpt: "42" };
    store.applyPage(page({ escrow: [first, other] }));
    store.applyPage(page({ escrow: [second] }));
    expect(store.escrowed()).toEqual([second, other]);
    store.applyPage(page({ upsert: [contact("x")], resolvedEscrow: ["x"] }));
    expect(store.escrowed()).toEqual([other]);
  });

  it("close is idempotent", () => {
    const store = storeAt();
    store.close();
    expect(() => store.close()).not.toThrow();
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
