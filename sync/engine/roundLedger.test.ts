import type { Contact, Plan } from "../model";
import { RoundLedger } from "./roundLedger";

function contact(id: string): Contact {
  return { id, displayName: id, phones: [], user: {} as Contact["user"] };
}

function plan(
  parts: Partial<Record<"create" | "update" | "delete" | "escrow", string[]>>,
  unchanged = 0,
): Plan {
  return {
    create: (parts.create ?? []).map(contact),
    update: (parts.update ?? []).map(contact),
    delete: parts.delete ?? [],
    unchanged,
    escrow: (parts.escrow ?? []).map((id) => ({ id, reason: "malformed", excerpt: "{}" })),
  };
}

describe("RoundLedger", () => {
  it("defers deletes and keeps created, updated, unchanged and escrowed users", () => {
    const ledger = new RoundLedger();
    ledger.notePage(
      ["new", "changed", "same", "gone", "bad", "guest"],
      new Set(["changed", "same", "gone"]),
      plan({ create: ["new"], update: ["changed"], delete: ["gone"], escrow: ["bad"] }, 1),
    );
    expect(ledger.plannedDeletes()).toEqual(["gone"]);
    expect([...ledger.keptInRound()].sort()).toEqual(["bad", "changed", "new", "same"]);
    expect(ledger.isPendingDelete("gone")).toBe(true);
  });

  it("a re-add later in the round cancels the pending delete", () => {
    const ledger = new RoundLedger();
    ledger.notePage(["a"], new Set(["a"]), plan({ delete: ["a"] }));
    ledger.notePage(["a"], new Set(), plan({ create: ["a"] }));
    expect(ledger.plannedDeletes()).toEqual([]);
    expect([...ledger.keptInRound()]).toEqual(["a"]);
    expect(ledger.isPendingDelete("a")).toBe(false);
  });

  it("a removed user that comes back out of scope stays deleted", () => {
    const ledger = new RoundLedger();
    ledger.notePage(["a"], new Set(["a"]), plan({ delete: ["a"] }));
    // Planned against a directory without "a" (pending delete): out of scope means no plan entry at all.
    ledger.notePage(["a"], new Set(), plan({}));
    expect(ledger.plannedDeletes()).toEqual(["a"]);
    expect([...ledger.keptInRound()]).toEqual([]);
  });

  it("a delete later in the round wins over an earlier upsert", () => {
    const ledger = new RoundLedger();
    ledger.notePage(["a", "b"], new Set(), plan({ create: ["a", "b"] }));
    ledger.notePage(["a"], new Set(["a"]), plan({ delete: ["a"] }));
    expect(ledger.plannedDeletes()).toEqual(["a"]);
    expect([...ledger.keptInRound()]).toEqual(["b"]);
  });

  it("an out-of-scope user never stored is neither kept nor deleted", () => {
    const ledger = new RoundLedger();
    ledger.notePage(["guest"], new Set(), plan({}));
    expect([...ledger.keptInRound()]).toEqual([]);
    expect(ledger.plannedDeletes()).toEqual([]);
  });
});
