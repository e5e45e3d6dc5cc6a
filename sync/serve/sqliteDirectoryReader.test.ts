import Database from "better-sqlite3";
import { entraUser, storedContact } from "../plan/testUsers";
import { syncInto, temporaryStore, TENANT_A } from "../testing/serveFixture";
import { openSqliteDirectoryReader, type SqliteDirectoryReader } from "./sqliteDirectoryReader";
import { compareBinary, compareNocase } from "./sqliteNocase";

const store = temporaryStore();
let reader: SqliteDirectoryReader;

const person = (
  id: string,
  displayName: string,
  businessPhones: string[],
  mobilePhone: string | null = null,
) => storedContact(entraUser({ id, displayName, businessPhones, mobilePhone }));
const reception = person("b", "reception", ["+31 20 123 4567"]);
const alice = person("k2", "Alice", ["020 1234567 x12"]);
const aliceToo = person("k1", "alice", ["+31 20 123 4567"]);
const other = person("o", "Other", ["+31 20 765 4321"]);
const twice = person("a", "Twice", ["+31 20 555 0000", "+31201234567"], "+31 20 123 4567");

beforeAll(async () => {
  await syncInto(store.storePath, [twice, reception, other, aliceToo, alice]);
  reader = openSqliteDirectoryReader(store.storePath);
});
afterAll(async () => {
  await reader.close();
  store.remove();
});

describe("findByE164", () => {
  it("gives each owner once with all its phones, by display name (ASCII case folded) then id, not in index order", async () => {
    const found = await reader.tenant(TENANT_A).findByE164("+31201234567");
    expect(found).toEqual([aliceToo, alice, reception, twice]);
    expect(found[3]!.phones.map((phone) => phone.raw)).toEqual([
      "+31 20 555 0000",
      "+31201234567",
      "+31 20 123 4567",
    ]);
    expect(await reader.tenant(TENANT_A).findByE164("+31000000000")).toEqual([]);
  });
});

describe("the collations lookups are ordered by after the query", () => {
  // ASCII case, letters SQLite does not fold (é, É, ß), U+E000–U+FFFF against U+10000 and above (surrogate
  // pairs, which JavaScript's own comparison puts first), prefixes and the empty string.
  const names = [
    "b",
    "B",
    "a",
    "A",
    "ab",
    "aB",
    "",
    "é",
    "É",
    "ß",
    "z",
    "Z",
    "\uE000",
    "\uFFFD",
    "😀",
    "𝔸",
    "a😀",
    "a\uFFFD",
    "_",
    "[",
    "`",
    "{",
  ];

  it.each([
    ["NOCASE", compareNocase],
    ["BINARY", compareBinary],
  ])("%s orders like SQLite", (collation, compare) => {
    const db = new Database(":memory:");
    try {
      db.exec("CREATE TABLE t (name TEXT)");
      const insert = db.prepare("INSERT INTO t VALUES (?)");
      for (const name of names) insert.run(name);
      const bySqlite = db
        .prepare(`SELECT name FROM t ORDER BY name COLLATE ${collation}, name COLLATE BINARY`)
        .pluck()
        .all() as string[];
      const ours = [...names].sort((a, b) => compare(a, b) || compareBinary(a, b));
      expect(ours).toEqual(bySqlite);
    } finally {
      db.close();
    }
  });
});
