import type { Contact } from "../model";
import { NO_CHANGE } from "../store/contactDirectory";
import { openSqliteStore } from "../store/sqlite/sqliteStore";
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
  it("reads through to the real tenant store, overlaid with its own planned changes, and writes nothing", async () => {
    const store = openSqliteStore(":memory:");
    const base = store.forTenant("tenant");
    await base.directory.applyPage({
      ...NO_CHANGE,
      upsert: [contact("a", "+31201111111"), contact("b", "+31202222222")],
    });
    await base.checkpoint.save({ deltaLink: "https://graph/delta?token=1", settings: "{}" });
    const dry = new DryRunStore("tenant", base);

    await dry.directory.applyPage({ ...NO_CHANGE, upsert: [contact("c", "+31201111111")], delete: ["b"] });
    await dry.checkpoint.save({ deltaLink: "https://graph/delta?token=2", settings: "{}" });
    await dry.checkpoint.clear();
    await dry.runs.record({
      runId: "r",
      tenantId: "tenant",
      mode: "full",
      outcome: "dry-run",
      startedAt: "2026-01-01T00:00:00.000Z",
      finishedAt: "2026-01-01T00:00:01.000Z",
      created: 1,
      updated: 0,
      deleted: 1,
      unchanged: 0,
      invalidNumbers: 0,
      escrowed: 0,
      pages: 1,
      message: null,
    });

    expect([...(await dry.directory.allContactIds())].sort()).toEqual(["a", "c"]);
    expect(await dry.directory.countContacts()).toBe(2);
    expect([...(await dry.directory.getContacts(["a", "b", "c"])).keys()].sort()).toEqual(["a", "c"]);
    expect((await dry.directory.findByE164("+31201111111")).map((found) => found.id).sort()).toEqual([
      "a",
      "c",
    ]);
    const iterated: string[] = [];
    for await (const found of dry.directory.iterateContacts()) iterated.push(found.id);
    expect(iterated).toEqual(["a", "c"]);
    expect(await dry.checkpoint.read()).toEqual({ deltaLink: "https://graph/delta?token=1", settings: "{}" });
    expect(dry.plannedChanges()).toEqual({
      upsert: [contact("c", "+31201111111")],
      delete: ["b"],
      escrow: [],
    });

    expect([...(await base.directory.allContactIds())].sort()).toEqual(["a", "b"]);
    expect(await base.checkpoint.read()).toEqual({
      deltaLink: "https://graph/delta?token=1",
      settings: "{}",
    });
    expect(await base.runs.recent(10)).toEqual([]);
    await store.close();
  });

  it("a later upsert cancels a planned delete and the other way round", async () => {
    const dry = new DryRunStore("tenant", null);
    await dry.directory.applyPage({ ...NO_CHANGE, delete: ["x"] });
    await dry.directory.applyPage({ ...NO_CHANGE, upsert: [contact("x", "+31203333333")] });
    expect(dry.plannedChanges().delete).toEqual([]);
    await dry.directory.applyPage({ ...NO_CHANGE, delete: ["x"] });
    expect(dry.plannedChanges()).toEqual({ upsert: [], delete: ["x"], escrow: [] });
    expect(await dry.directory.countContacts()).toBe(0);
    expect(await dry.checkpoint.read()).toBeNull();
  });
});
