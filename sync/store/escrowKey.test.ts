import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { validateDeltaRecord } from "../plan/validateDeltaRecord";
import type { EscrowedRecord } from "../model";
import { escrowKey } from "./escrowKey";
import { openSqliteStore } from "./sqliteStore";

/** Issue 10: records without a usable id all became "(unknown)" and overwrote each other in escrow. */
function escrowOf(record: unknown): EscrowedRecord {
  const result = validateDeltaRecord(record);
  if (!("escrow" in result)) throw new Error("expected the record to be escrowed");
  return result.escrow;
}

describe("escrowKey", () => {
  it("gives records without a usable id a key of their own; the same record keeps the same key", () => {
    const records = [
      { displayName: "One" },
      { displayName: "Two" },
      { id: 42 },
      ["x"],
      { id: "not a guid!" },
    ];
    const keys = records.map((record) => escrowKey(escrowOf(record)));
    expect(new Set(keys).size).toBe(records.length);
    expect(keys[0]).toMatch(/^\(unknown\) [0-9a-f]{16}$/);
    expect(keys[4]).toMatch(/^\(invalid id\) [0-9a-f]{16}$/);
    expect(escrowKey(escrowOf({ displayName: "One" }))).toBe(keys[0]);
  });

  it("is the user's id when the record has one (a newer bad record of the user replaces the older)", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    expect(escrowKey(escrowOf({ id, "@removed": "gone" }))).toBe(id);
  });

  it("keeps every id-less record in the SQLite store, each with its reason and excerpt", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "escrow-key-"));
    const store = openSqliteStore(path.join(dir, "directory.db"));
    try {
      const escrow = [escrowOf({ displayName: "One" }), escrowOf({ displayName: "Two" }), escrowOf(null)];
      store.applyPage({ upsert: [], delete: [], escrow, resolvedEscrow: [] });
      store.applyPage({
        upsert: [],
        delete: [],
        escrow: [escrowOf({ displayName: "One" })],
        resolvedEscrow: [],
      });
      const stored = store.escrowed();
      expect(stored).toHaveLength(3);
      expect(stored.map((entry) => entry.excerpt).sort()).toEqual(
        ['{"displayName":"One"}', '{"displayName":"Two"}', "null"].sort(),
      );
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
