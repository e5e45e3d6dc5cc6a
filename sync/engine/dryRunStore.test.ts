import type { Contact } from "../model";
import { openSqliteStore } from "../store/sqliteStore";
import { DryRunStore } from "./dryRunStore";

function contact(id: string, e164: string): Contact {
  return {
    id,
    displayName: `Contact ${id}`,
    phones: [
      { type: "business", raw: e164, e164, extension: null, valid: true, problem: null, region: "NL" },
    ],
    user: {
      id,
      displayName: `Contact ${id}`,
      givenName: null,
      surname: null,
      mail: null,
      userPrincipalName: null,
      jobTitle: null,
      department: null,
      companyName: null,
      officeLocation: null,
      businessPhones: [e164],
      mobilePhone: null,
      accountEnabled: true,
      userType: "Member",
      usageLocation: "NL",
      country: null,
    },
  };
}

describe("DryRunStore", () => {
  it("reads through to the real store, overlaid with its own planned changes, and writes nothing", () => {
    const base = openSqliteStore(":memory:");
    base.applyPage({
      upsert: [contact("a", "+31201111111"), contact("b", "+31202222222")],
      delete: [],
      escrow: [],
      resolvedEscrow: [],
    });
    base.setDeltaLink("tenant", "https://graph/delta?token=1", "{}");
    const dry = new DryRunStore(base);

    dry.applyPage({ upsert: [contact("c", "+31201111111")], delete: ["b"], escrow: [], resolvedEscrow: [] });
    dry.setDeltaLink();
    dry.recordRun();

    expect([...dry.allContactIds()].sort()).toEqual(["a", "c"]);
    expect(dry.countContacts()).toBe(2);
    expect([...dry.getContacts(["a", "b", "c"]).keys()].sort()).toEqual(["a", "c"]);
    expect(
      dry
        .findByE164("+31201111111")
        .map((found) => found.id)
        .sort(),
    ).toEqual(["a", "c"]);
    expect(dry.plannedChanges()).toEqual({
      upsert: [contact("c", "+31201111111")],
      delete: ["b"],
      escrow: [],
    });

    expect([...base.allContactIds()].sort()).toEqual(["a", "b"]);
    expect(base.getDeltaLink("tenant")).toBe("https://graph/delta?token=1");
    expect(base.recentRuns(10)).toEqual([]);
    dry.close();
  });

  it("a later upsert cancels a planned delete and the other way round", () => {
    const dry = new DryRunStore(null);
    dry.applyPage({ upsert: [], delete: ["x"], escrow: [], resolvedEscrow: [] });
    dry.applyPage({ upsert: [contact("x", "+31203333333")], delete: [], escrow: [], resolvedEscrow: [] });
    expect(dry.plannedChanges().delete).toEqual([]);
    dry.applyPage({ upsert: [], delete: ["x"], escrow: [], resolvedEscrow: [] });
    expect(dry.plannedChanges()).toEqual({ upsert: [], delete: ["x"], escrow: [] });
    expect(dry.countContacts()).toBe(0);
  });
});
