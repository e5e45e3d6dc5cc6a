/**
 * The store contract: what every Store backend must do, as one suite that each backend's test file runs
 * with a factory for a fresh, empty store (keyv's `core/test-suite`, unstorage's driver tests). Groups a
 * backend cannot honour are switched off by name, with the reason documented at the call site.
 */
import type { Contact, EscrowedRecord } from "../model";
import type { Store } from "../store/store";
import { collect, testContact as contact, testPage as page, testRun as run } from "./storeFixtures";

export interface StoreContractFactory {
  /** A fresh, empty store; the suite closes it. */
  open(): Promise<Store>;
  /** A second Store object on the same database as the last `open()` (another process would see the same). */
  openAnother(): Promise<Store>;
}

export type StoreContractGroup = "directory" | "checkpoint" | "runs" | "tenants" | "locks";

export function storeContract(
  name: string,
  factory: StoreContractFactory,
  skip: readonly StoreContractGroup[] = [],
): void {
  const group = (title: StoreContractGroup, body: () => void) =>
    (skip.includes(title) ? describe.skip : describe)(`${name} store contract: ${title}`, body);
  const opened: Store[] = [];
  const open = async () => {
    const store = await factory.open();
    opened.push(store);
    return store;
  };
  const openAnother = async () => {
    const store = await factory.openAnother();
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });

  group("directory", () => {
    it("round-trips contacts with their phones exactly", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      const alice = contact("alice", {
        businessPhones: ["020 123 4567", "+49 30 1234567"],
        mobilePhone: "06 12345678",
      });
      const bob = contact("bob", { businessPhones: [], mobilePhone: null });
      await directory.applyPage(page({ upsert: [alice, bob] }));
      expect(await directory.getContacts(["alice", "bob", "nobody"])).toEqual(
        new Map([
          ["alice", alice],
          ["bob", bob],
        ]),
      );
      expect(await directory.getContacts([])).toEqual(new Map());
      expect(await directory.allContactIds()).toEqual(new Set(["alice", "bob"]));
      expect(await directory.countContacts()).toBe(2);
    });

    it("replaces a contact's phones on update and removes them on delete", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      await directory.applyPage(page({ upsert: [contact("a"), contact("b")] }));
      const changed = contact("a", { businessPhones: ["+44 20 7946 0958"], mobilePhone: null });
      await directory.applyPage(page({ upsert: [changed], delete: ["b", "never-existed"] }));
      expect(await directory.getContacts(["a", "b"])).toEqual(new Map([["a", changed]]));
      expect(await directory.findByE164("+31201234567")).toEqual([]);
      expect(await directory.findByE164("+442079460958")).toEqual([changed]);
    });

    it("a user named twice in one page: the later record wins", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      const later = contact("a", { displayName: "Later" });
      await directory.applyPage(page({ upsert: [contact("a"), later] }));
      expect(await directory.getContacts(["a"])).toEqual(new Map([["a", later]]));
    });

    it("applies a page atomically: a failure part-way leaves nothing behind", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      await directory.applyPage(page({ upsert: [contact("keep")] }));
      const poisoned = {
        ...contact("b"),
        phones: [{ ...contact("b").phones[0]!, type: null }],
      } as unknown as Contact;
      expect(
        await rejectionMessage(
          directory.applyPage(
            page({
              upsert: [contact("a"), poisoned],
              delete: ["keep"],
              escrow: [{ id: "x", reason: "bad", excerpt: "{}" }],
            }),
          ),
        ),
      ).toMatch(/type/);
      expect(await directory.allContactIds()).toEqual(new Set(["keep"]));
      expect(await directory.escrowed()).toEqual([]);
      expect(await directory.findByE164("+31201234567")).toEqual([contact("keep")]);
    });

    it("commits each page on its own: another connection sees the pages before a failing one, not it", async () => {
      const writer = (await open()).forTenant("tenant-a").directory;
      const reader = (await openAnother()).forTenant("tenant-a").directory;
      await writer.applyPage(page({ upsert: [contact("a")] }));
      expect(await reader.allContactIds()).toEqual(new Set(["a"]));
      const poisoned = { ...contact("b"), displayName: null } as unknown as Contact;
      expect(
        await rejectionMessage(writer.applyPage(page({ upsert: [contact("c"), poisoned], delete: ["a"] }))),
      ).toMatch(/display_name/);
      expect(await reader.allContactIds()).toEqual(new Set(["a"]));
    });

    it("finds every contact sharing a number, ordered by display name", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      const only = (displayName: string, businessPhones: string[], mobilePhone: string | null = null) => ({
        displayName,
        businessPhones,
        mobilePhone,
      });
      const reception = contact("r", only("reception", ["+31 20 123 4567"]));
      const alice = contact("a", only("Alice", ["020 1234567 x12"]));
      const other = contact("o", only("Other", ["+31 20 765 4321"]));
      const twice = contact("t", only("Twice", ["+31201234567"], "+31 20 123 4567"));
      await directory.applyPage(page({ upsert: [reception, alice, other, twice] }));
      expect(await directory.findByE164("+31201234567")).toEqual([alice, reception, twice]);
      expect(await directory.findByE164("+31000000000")).toEqual([]);
    });

    it("streams all contacts ordered by display name (ASCII case folded) then id, past one batch", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      const contacts = [
        contact("3", { displayName: "bob" }),
        contact("1", { displayName: "Bob" }),
        contact("2", { displayName: "alice", businessPhones: [], mobilePhone: null }),
        contact("4", { displayName: "Carol", businessPhones: ["1", "2", "3"] }),
        contact("5", { displayName: "Émile" }),
        contact("6", { displayName: "_under" }),
      ];
      await directory.applyPage(page({ upsert: contacts }));
      expect((await collect(directory.iterateContacts())).map((c) => c.id)).toEqual([
        "6",
        "2",
        "1",
        "3",
        "4",
        "5",
      ]);
      expect((await collect(directory.iterateContacts()))[0]).toEqual(contacts[5]);

      const many = Array.from({ length: 1203 }, (_, i) =>
        contact(`m${String(i).padStart(4, "0")}`, { displayName: "M" }),
      );
      await directory.applyPage(page({ upsert: many }));
      const streamed = await collect(directory.iterateContacts());
      expect(streamed).toHaveLength(1209);
      expect(streamed.filter((c) => c.displayName === "M")).toEqual(many);
    });

    it("reports invalid numbers with their owner", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      await directory.applyPage(
        page({
          upsert: [
            contact("b", { displayName: "Bob", businessPhones: ["12"], mobilePhone: "06 12345678" }),
            contact("a", { displayName: "Alice", businessPhones: ["+31 20 123 4567"], mobilePhone: "n/a" }),
          ],
        }),
      );
      expect(await directory.invalidNumbers()).toEqual([
        { contactId: "a", displayName: "Alice", type: "mobile", raw: "n/a", problem: "not a phone number" },
        { contactId: "b", displayName: "Bob", type: "business", raw: "12", problem: "too short for NL" },
      ]);
    });

    it("keeps every record without a usable id: each its own escrow row, the same record once", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
      // As plan/validateDeltaRecord escrows them: the placeholder id, the record's excerpt (issue 10).
      const one: EscrowedRecord = {
        id: "(unknown)",
        reason: "id is missing",
        excerpt: '{"displayName":"One"}',
      };
      const two: EscrowedRecord = {
        id: "(unknown)",
        reason: "id is missing",
        excerpt: '{"displayName":"Two"}',
      };
      const bad: EscrowedRecord = { id: "(invalid id)", reason: "not a GUID", excerpt: '{"id":"x y"}' };
      await directory.applyPage(page({ escrow: [one, two, bad] }));
      await directory.applyPage(page({ escrow: [one] }));
      const stored = await directory.escrowed();
      expect(stored.map((entry) => entry.excerpt).sort()).toEqual(
        [bad, one, two].map((e) => e.excerpt).sort(),
      );
      expect(stored.map((entry) => entry.id)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\(unknown\) [0-9a-f]{16}$/)]),
      );
    });

    it("keeps escrow per id: replaced by a newer entry, cleared when resolved", async () => {
      const { directory } = (await open()).forTenant("tenant-a");
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
      await directory.applyPage(page({ escrow: [first, other] }));
      await directory.applyPage(page({ escrow: [second] }));
      expect(await directory.escrowed()).toEqual([second, other]);
      await directory.applyPage(page({ upsert: [contact("x")], resolvedEscrow: ["x"] }));
      expect(await directory.escrowed()).toEqual([other]);
    });
  });

  group("checkpoint", () => {
    it("stores the deltaLink per tenant, with the directory settings its round was applied with", async () => {
      const store = await open();
      const a = store.forTenant("tenant-a").checkpoint;
      const b = store.forTenant("tenant-b").checkpoint;
      expect(await a.read()).toBeNull();
      await a.save({ deltaLink: "https://graph/delta?token=1", settings: "settings-1" });
      await b.save({ deltaLink: "https://graph/delta?token=b", settings: "settings-b" });
      await a.save({ deltaLink: "https://graph/delta?token=2", settings: "settings-2" });
      expect(await a.read()).toEqual({ deltaLink: "https://graph/delta?token=2", settings: "settings-2" });
      await a.clear();
      expect(await a.read()).toBeNull();
      expect(await b.read()).toEqual({ deltaLink: "https://graph/delta?token=b", settings: "settings-b" });
      expect(await (await openAnother()).forTenant("tenant-b").checkpoint.read()).toEqual({
        deltaLink: "https://graph/delta?token=b",
        settings: "settings-b",
      });
    });
  });

  group("runs", () => {
    it("keeps the run history, newest first, a re-recorded run replacing its entry", async () => {
      const { runs } = (await open()).forTenant("tenant-a");
      const blocked = {
        mode: "incremental",
        outcome: "blocked-by-deletion-guard",
        message: "would delete 9 of 10",
      } as const;
      await runs.record(run("r1"));
      await runs.record(run("r2", blocked));
      await runs.record(run("r3", { outcome: "failed" }));
      await runs.record(run("r3", { outcome: "succeeded", created: 7 }));
      expect(await runs.recent(10)).toEqual([
        run("r3", { outcome: "succeeded", created: 7 }),
        run("r2", blocked),
        run("r1"),
      ]);
      expect((await runs.recent(1)).map((r) => r.runId)).toEqual(["r3"]);
    });
  });

  group("tenants", () => {
    it("a tenant sees, replaces and deletes only its own contacts, even under the same object ids", async () => {
      const store = await open();
      const a = store.forTenant("tenant-a").directory;
      const b = store.forTenant("tenant-b").directory;
      const aliceOfA = contact("same-id", { displayName: "Alice of A" });
      const bobOfB = contact("same-id", {
        displayName: "Bob of B",
        businessPhones: ["+31 20 765 4321"],
        mobilePhone: null,
      });
      await a.applyPage(
        page({ upsert: [aliceOfA, contact("only-a")], escrow: [{ id: "e", reason: "A", excerpt: "{}" }] }),
      );
      await b.applyPage(page({ upsert: [bobOfB] }));
      await b.applyPage(page({ delete: ["only-a"], resolvedEscrow: ["e"] }));

      expect(await a.getContacts(["same-id", "only-a"])).toEqual(
        new Map([
          ["same-id", aliceOfA],
          ["only-a", contact("only-a")],
        ]),
      );
      expect(await b.getContacts(["same-id", "only-a"])).toEqual(new Map([["same-id", bobOfB]]));
      expect(await a.allContactIds()).toEqual(new Set(["same-id", "only-a"]));
      expect(await b.countContacts()).toBe(1);
      expect(await a.findByE164("+31207654321")).toEqual([]);
      expect(await b.findByE164("+31207654321")).toEqual([bobOfB]);
      expect((await collect(b.iterateContacts())).map((c) => c.displayName)).toEqual(["Bob of B"]);
      expect((await a.invalidNumbers()).map((entry) => entry.contactId)).toEqual(["same-id", "only-a"]);
      expect(await b.invalidNumbers()).toEqual([]);
      expect(await a.escrowed()).toEqual([{ id: "e", reason: "A", excerpt: "{}" }]);
      expect(await b.escrowed()).toEqual([]);

      await b.applyPage(page({ delete: ["same-id"] }));
      expect(await a.getContacts(["same-id"])).toEqual(new Map([["same-id", aliceOfA]]));
    });

    it("a tenant's run log holds only its runs, whatever tenant a summary names", async () => {
      const store = await open();
      await store.forTenant("tenant-a").runs.record(run("ra"));
      await store.forTenant("tenant-b").runs.record(run("rb", { tenantId: "tenant-a" }));
      expect((await store.forTenant("tenant-a").runs.recent(10)).map((r) => r.runId)).toEqual(["ra"]);
      expect(await store.forTenant("tenant-b").runs.recent(10)).toEqual([
        run("rb", { tenantId: "tenant-b" }),
      ]);
      // Re-recording another tenant's run id does not move or change it.
      await store.forTenant("tenant-b").runs.record(run("ra", { outcome: "failed" }));
      expect(await store.forTenant("tenant-a").runs.recent(10)).toEqual([run("ra")]);
    });

    it("lists the tenants it holds, with their contacts and last run", async () => {
      const store = await open();
      expect(await store.tenants()).toEqual([]);
      await store.forTenant("tenant-b").directory.applyPage(page({ upsert: [contact("1"), contact("2")] }));
      await store.forTenant("tenant-a").runs.record(run("r", { finishedAt: "2026-02-03T04:05:06.000Z" }));
      await store
        .forTenant("tenant-c")
        .checkpoint.save({ deltaLink: "https://graph/delta?c", settings: null });
      expect(await store.tenants()).toEqual([
        { tenantId: "tenant-a", contacts: 0, lastRunAt: "2026-02-03T04:05:06.000Z" },
        { tenantId: "tenant-b", contacts: 2, lastRunAt: null },
        { tenantId: "tenant-c", contacts: 0, lastRunAt: null },
      ]);
    });
  });

  group("locks", () => {
    it("refuses a second run of a tenant, from this store object or another; other tenants run alongside", async () => {
      const store = await open();
      const another = await openAnother();
      const a = await store.lockTenant("tenant-a");
      await expect(store.lockTenant("tenant-a")).rejects.toMatchObject({ code: "store-locked" });
      await expect(another.lockTenant("tenant-a")).rejects.toMatchObject({ code: "store-locked" });
      const b = await another.lockTenant("tenant-b");
      const c = await store.lockTenant("tenant-c");
      await a.release();
      await a.release();
      const again = await another.lockTenant("tenant-a");
      await Promise.all([again.release(), b.release(), c.release()]);
    });
  });
}

/**
 * The message a promise rejects with. Not `rejects.toThrow`: better-sqlite3's errors can come from another
 * realm under jest (the native addon is loaded once per worker), and jest's matcher then reports "did not throw".
 */
async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  const outcome = await promise.then(
    () => ({ rejected: false, reason: undefined as unknown }),
    (reason: unknown) => ({ rejected: true, reason }),
  );
  if (!outcome.rejected) throw new Error("expected the promise to reject");
  return String((outcome.reason as { message?: unknown } | null)?.message ?? outcome.reason);
}
