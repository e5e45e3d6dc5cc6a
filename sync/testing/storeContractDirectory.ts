/**
 * The contact directory's part of the store contract (storeContract.ts runs it as its "directory" group):
 * exact round-trips, atomic and page-by-page commits, number lookup, ordered streaming, escrow.
 */
import type { Contact, EscrowedRecord } from "../model";
import type { Store } from "../store/store";
import { collect, testContact as contact, testPage as page } from "./storeFixtures";

export function directoryContract(open: () => Promise<Store>, openAnother: () => Promise<Store>): void {
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
    expect(stored.map((entry) => entry.excerpt).sort()).toEqual([bad, one, two].map((e) => e.excerpt).sort());
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
