import type { StatusReport } from "../../../sync/index";
import { syncTenant } from "../../../sync/index";
import { type Harness, member, runCli, startHarness, userId } from "../harness";
import { directoryOf } from "./directorySnapshot";
import { MALFORMED_USERS, UNPARSEABLE_PHONES_ID, UNPARSEABLE_PHONES_USER } from "./malformedUsers";

/**
 * Issue 4, per-record isolation end to end: malformed users are escrowed with their id and the reason and
 * listed by `status`; users with unparseable phones become contacts whose numbers are reported; every
 * other user of the same pages is synced as usual.
 */

const GOOD_IDS = Array.from({ length: 10 }, (_, index) => userId(index + 1));

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe("malformed users in the directory", () => {
  let harness: Harness;

  beforeAll(async () => {
    // Malformed users sit between good ones, on pages of four.
    const good = GOOD_IDS.map((_, index) => member(index + 1));
    harness = await startHarness(
      [
        ...good.slice(0, 3),
        ...MALFORMED_USERS.map(({ user }) => user),
        ...good.slice(3),
        UNPARSEABLE_PHONES_USER,
      ],
      { pageSize: 4 },
    );
  });

  afterAll(async () => {
    await harness.close();
  });

  it("are escrowed with id and reason, shown by status; the rest of the run proceeds", async () => {
    const sync = await runCli(["sync", "--json"], harness.env());
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({
      outcome: "succeeded",
      created: 11,
      escrowed: MALFORMED_USERS.length,
      invalidNumbers: 2,
      pages: 4,
    });
    expect((await directoryOf(harness.storePath)).map((contact) => contact.id)).toEqual(
      [...GOOD_IDS, UNPARSEABLE_PHONES_ID].sort(),
    );

    const status = await runCli(["status", "--json"], harness.env());
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.escrowed.map(({ id, reason }) => ({ id, reason }))).toEqual(
      byId(MALFORMED_USERS.map(({ user, reason }) => ({ id: user.id, reason }))),
    );
    // The excerpt keeps the record recognisable without storing 100k characters.
    expect(Math.max(...report.escrowed.map((record) => record.excerpt.length))).toBeLessThanOrEqual(501);
    expect(report.invalidNumbers.map(({ contactId, type, raw }) => ({ contactId, type, raw }))).toEqual([
      { contactId: UNPARSEABLE_PHONES_ID, type: "business", raw: "call the front desk" },
      { contactId: UNPARSEABLE_PHONES_ID, type: "mobile", raw: "n/a" },
    ]);

    const human = await runCli(["status"], harness.env());
    expect(human.stdout).toContain(`Escrowed records (${MALFORMED_USERS.length}):`);
    for (const { user, reason } of MALFORMED_USERS)
      expect(human.stdout).toContain(`    ${user.id}: ${reason}`);
    expect(human.stdout).toContain(`Unparseable Phones (${UNPARSEABLE_PHONES_ID}) mobile "n/a"`);
  });

  it("a repaired record leaves escrow; a stored contact whose update turns malformed is kept, even by a full round", async () => {
    const { directory } = harness.standIn;
    const [repaired] = MALFORMED_USERS;
    directory.update(repaired?.user.id as string, { displayName: "Repaired Eleven" });
    directory.update(userId(3), { jobTitle: "y".repeat(5000), mobilePhone: "+31 6 5555 0003" });
    const before = (await directoryOf(harness.storePath)).find((contact) => contact.id === userId(3));

    const incremental = await syncTenant(harness.options());
    expect(incremental).toMatchObject({ outcome: "succeeded", created: 1, escrowed: 1, deleted: 0 });
    const full = await syncTenant(harness.options({ full: true }));
    expect(full).toMatchObject({ outcome: "succeeded", deleted: 0, escrowed: MALFORMED_USERS.length });

    const contacts = await directoryOf(harness.storePath);
    expect(contacts.find((contact) => contact.id === repaired?.user.id)?.displayName).toBe("Repaired Eleven");
    // The last good version stays until a valid one arrives: a malformed update is no reason to lose a contact.
    expect(contacts.find((contact) => contact.id === userId(3))).toEqual(before);
    const status = await runCli(["status", "--json"], harness.env());
    const escrowed = (JSON.parse(status.stdout) as StatusReport).escrowed.map(({ id, reason }) => ({
      id,
      reason,
    }));
    expect(escrowed).toEqual(
      byId([
        ...MALFORMED_USERS.slice(1).map(({ user, reason }) => ({ id: user.id, reason })),
        { id: userId(3), reason: "jobTitle is 5000 characters long (at most 1024)" },
      ]),
    );
  });
});
