/**
 * The store contract: what every Store backend must do, as one suite that each backend's test file runs
 * with a factory for a fresh, empty store (keyv's `core/test-suite`, unstorage's driver tests). Groups a
 * backend cannot honour are switched off by name, with the reason documented at the call site.
 */
import type { Store } from "../store/store";
import { directoryContract } from "./storeContractDirectory";
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

  group("directory", () => directoryContract(open, openAnother));

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
