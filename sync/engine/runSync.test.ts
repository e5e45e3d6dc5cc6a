import { silentLogger } from "../log";
import type { Contact, EntraUser, RunSummary } from "../model";
import { entraUser } from "../plan/testUsers";
import { openSqliteStore, type SqliteStore } from "../store/sqlite/sqliteStore";
import type { TenantStore } from "../store/store";
import { collect } from "../testing/storeFixtures";
import { DEFAULT_DELETION_GUARD } from "./deletionGuard";
import { DryRunStore } from "./dryRunStore";
import { ListDirectorySource } from "./listDirectorySource";
import { runSync } from "./runSync";
import type { SyncPolicy } from "./syncPolicy";
import { SyncRunError } from "./syncRunError";

/** The engine in-process: an in-memory directory as the source, an in-memory SQLite store, no HTTP. */

const TENANT = "tenant-a";
const user = (n: number, overrides: Partial<EntraUser> = {}): EntraUser =>
  entraUser({
    id: `user-${String(n).padStart(3, "0")}`,
    displayName: `User ${n}`,
    businessPhones: [`020 555 ${String(1000 + n)}`],
    mobilePhone: null,
    // No location of their own: local numbers are read in the default country.
    usageLocation: null,
    country: null,
    ...overrides,
  });
const users = (count: number) => Array.from({ length: count }, (_, i) => user(i + 1));

const policy = (overrides: Partial<SyncPolicy> = {}): SyncPolicy => ({
  scope: { includeGuests: false, includeDisabled: false },
  defaultCountry: "NL",
  deletionGuard: DEFAULT_DELETION_GUARD,
  logger: silentLogger(),
  ...overrides,
});

let stores: SqliteStore[] = [];
afterEach(() => {
  for (const store of stores) store.closeNow();
  stores = [];
});
function freshStore(tenantId = TENANT): { store: SqliteStore; tenant: TenantStore } {
  const store = openSqliteStore(":memory:");
  stores.push(store);
  return { store, tenant: store.forTenant(tenantId) };
}

async function directoryOf(tenant: TenantStore): Promise<Contact[]> {
  return (await collect(tenant.directory.iterateContacts())).sort((a, b) => a.id.localeCompare(b.id));
}

/** What a clean full sync of the source's current directory produces, in a store of its own. */
async function cleanDirectory(
  source: ListDirectorySource,
  overrides: Partial<SyncPolicy> = {},
): Promise<Contact[]> {
  const { tenant } = freshStore();
  await runSync(source, tenant, policy(overrides));
  return directoryOf(tenant);
}

async function failure(promise: Promise<unknown>): Promise<SyncRunError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SyncRunError);
  return error as SyncRunError;
}

const counts = (summary: RunSummary) => {
  const { mode, outcome, created, updated, deleted, unchanged, pages } = summary;
  return { mode, outcome, created, updated, deleted, unchanged, pages };
};

describe("runSync", () => {
  it.each([
    {
      name: "first run: a full round creates everyone",
      change: () => undefined,
      expected: {
        mode: "full",
        outcome: "succeeded",
        created: 5,
        updated: 0,
        deleted: 0,
        unchanged: 0,
        pages: 3,
      },
    },
    {
      name: "incremental: only what changed, deletes counted",
      change: (source: ListDirectorySource) => {
        source.put(user(2, { jobTitle: "Lead" }));
        source.put(user(9));
        source.remove(user(5).id);
      },
      expected: {
        mode: "incremental",
        outcome: "succeeded",
        created: 1,
        updated: 1,
        deleted: 1,
        unchanged: 0,
        pages: 2,
      },
    },
    {
      name: "incremental with nothing changed: one empty page",
      change: () => undefined,
      expected: {
        mode: "incremental",
        outcome: "succeeded",
        created: 0,
        updated: 0,
        deleted: 0,
        unchanged: 0,
        pages: 1,
      },
    },
    {
      name: "the delta token expired: a full round instead, which reconciles",
      change: (source: ListDirectorySource) => {
        source.remove(user(1).id);
        source.expireTokens();
      },
      expected: {
        mode: "full",
        outcome: "succeeded",
        created: 0,
        updated: 0,
        deleted: 1,
        unchanged: 4,
        pages: 2,
      },
    },
  ])("$name", async ({ name, change, expected }) => {
    const source = new ListDirectorySource(users(5), 2);
    const { tenant } = freshStore();
    const firstRun = name.startsWith("first run");
    if (!firstRun) await runSync(source, tenant, policy());
    change(source);
    const summary = await runSync(source, tenant, policy());
    expect(counts(summary)).toEqual(expected);
    expect(await directoryOf(tenant)).toEqual(await cleanDirectory(source));
    expect((await tenant.runs.recent(1))[0]).toEqual(summary);
    expect(await tenant.checkpoint.read()).toEqual({
      deltaLink: expect.stringMatching(/^https:\/\/list\.invalid\/delta\?/),
      settings: '{"includeGuests":false,"includeDisabled":false,"defaultCountry":"NL"}',
    });
  });

  it("an expired token: the incremental round is abandoned and the full round read from scratch", async () => {
    const source = new ListDirectorySource(users(3), 2);
    const { tenant } = freshStore();
    await runSync(source, tenant, policy());
    source.expireTokens();
    await runSync(source, tenant, policy());
    expect(source.rounds).toEqual(["full", "incremental", "full"]);
  });

  it.each([
    ["the default country", { defaultCountry: "DE" }, "+49205551002"],
    ["the scope", { scope: { includeGuests: true, includeDisabled: false } }, "+31205551002"],
  ])(
    "changed %s since the last round: a full round so every contact follows it",
    async (_what, changed, e164) => {
      const source = new ListDirectorySource(users(3), 2);
      const { tenant } = freshStore();
      await runSync(source, tenant, policy());
      const summary = await runSync(source, tenant, policy(changed));
      expect(summary.mode).toBe("full");
      expect(source.rounds).toEqual(["full", "full"]);
      expect((await tenant.directory.getContacts([user(2).id])).get(user(2).id)?.phones[0]?.e164).toBe(e164);
      expect(await runSync(source, tenant, policy(changed))).toMatchObject({ mode: "incremental" });
    },
  );

  it("deletes wait for the end of the round: a user removed on page 1 and back on page 2 is kept", async () => {
    const source = new ListDirectorySource(users(4), 2);
    const { tenant } = freshStore();
    await runSync(source, tenant, policy());
    source.remove(user(1).id);
    source.put(user(7));
    source.put(user(1, { displayName: "User 1 restored" }));
    const summary = await runSync(source, tenant, policy());
    expect(counts(summary)).toMatchObject({ created: 2, deleted: 0 });
    expect((await tenant.directory.getContacts([user(1).id])).get(user(1).id)?.displayName).toBe(
      "User 1 restored",
    );
  });

  it("a crash between pages leaves the checkpoint and every delete as they were; the rerun equals a clean sync", async () => {
    const source = new ListDirectorySource(users(6), 2);
    const { tenant } = freshStore();
    await runSync(source, tenant, policy());
    const checkpointBefore = await tenant.checkpoint.read();
    source.remove(user(1).id);
    source.put(user(2, { jobTitle: "Lead" }));
    source.put(user(3, { jobTitle: "Lead" }));
    source.put(user(8));
    source.failNextRound(1, new Error("socket hang up"));

    const crashed = await failure(runSync(source, tenant, policy()));
    expect(crashed.code).toBe("sync-failed");
    expect(crashed.summary).toMatchObject({
      outcome: "failed",
      pages: 1,
      message: "The sync failed: socket hang up",
    });
    expect(await tenant.checkpoint.read()).toEqual(checkpointBefore);
    expect(await tenant.directory.getContacts([user(1).id])).toEqual(
      new Map([[user(1).id, expect.anything()]]),
    );

    await runSync(source, tenant, policy());
    expect(await directoryOf(tenant)).toEqual(await cleanDirectory(source));
  });

  it("the deletion guard blocks: nothing deleted, checkpoint unchanged, the run recorded, exit code 6", async () => {
    const source = new ListDirectorySource(users(30), 10);
    const { tenant } = freshStore();
    await runSync(source, tenant, policy());
    const before = await directoryOf(tenant);
    const checkpointBefore = await tenant.checkpoint.read();
    for (let n = 1; n <= 10; n += 1) source.remove(user(n).id);

    const blocked = await failure(runSync(source, tenant, policy()));
    expect(blocked).toMatchObject({ code: "deletion-guard", exitCode: 6 });
    expect(blocked.summary).toMatchObject({ outcome: "blocked-by-deletion-guard", mode: "incremental" });
    expect(await directoryOf(tenant)).toEqual(before);
    expect(await tenant.checkpoint.read()).toEqual(checkpointBefore);
    expect((await tenant.runs.recent(1))[0]).toEqual(blocked.summary);

    const approved = policy({ deletionGuard: { ...DEFAULT_DELETION_GUARD, allowDeletes: true } });
    expect(await runSync(source, tenant, approved)).toMatchObject({ outcome: "succeeded", deleted: 10 });
  });

  it("a dry run through DryRunStore reports what it would do and writes nothing", async () => {
    const source = new ListDirectorySource(users(4), 2);
    const { tenant } = freshStore();
    await runSync(source, tenant, policy());
    const before = await directoryOf(tenant);
    const runsBefore = await tenant.runs.recent(10);
    source.remove(user(1).id);
    source.put(user(5));
    const dry = new DryRunStore(TENANT, tenant);
    const summary = await runSync(source, dry, policy({ dryRun: true }));
    expect(counts(summary)).toMatchObject({ outcome: "dry-run", created: 1, deleted: 1 });
    expect(dry.plannedChanges()).toMatchObject({
      delete: [user(1).id],
      upsert: [expect.objectContaining({ id: user(5).id })],
    });
    expect(await directoryOf(tenant)).toEqual(before);
    expect(await tenant.runs.recent(10)).toEqual(runsBefore);
  });

  it("a run of tenant B into a store holding tenant A never touches A, even in a full round", async () => {
    const { store, tenant: a } = freshStore("tenant-a");
    await runSync(new ListDirectorySource(users(5), 2), a, policy());
    const aBefore = await directoryOf(a);
    const b = store.forTenant("tenant-b");
    const summary = await runSync(new ListDirectorySource([user(1), user(50)], 2), b, policy({ full: true }));
    expect(counts(summary)).toMatchObject({ created: 2, deleted: 0 });
    expect(await directoryOf(a)).toEqual(aBefore);
    expect((await directoryOf(b)).map((contact) => contact.id)).toEqual([user(1).id, user(50).id]);
  });

  it("a record no contact can be built from is escrowed, and the run carries on", async () => {
    const source = new ListDirectorySource(
      [user(1), { ...user(2), accountEnabled: "yes" } as unknown as EntraUser],
      2,
    );
    const { tenant } = freshStore();
    const summary = await runSync(source, tenant, policy());
    expect(counts(summary)).toMatchObject({ outcome: "succeeded", created: 1 });
    expect(summary.escrowed).toBe(1);
    expect((await tenant.directory.escrowed()).map((record) => record.id)).toEqual([user(2).id]);
  });
});
