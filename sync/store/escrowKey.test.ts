import { validateDeltaRecord } from "../plan/validateDeltaRecord";
import type { EscrowedRecord } from "../model";
import { escrowKey } from "./escrowKey";

/**
 * Issue 10: records without a usable id all became "(unknown)" and overwrote each other in escrow. The
 * backends' side is in the store contract (sync/testing/storeContract.ts), run against SQLite and PostgreSQL.
 */
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
});
