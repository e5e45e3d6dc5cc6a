import { syncTenant } from "../../sync/index";
import { type Harness, member, startHarness, userId } from "./harness";

/**
 * GRAPH-CONTRACT.md, "Users delta: what a record carries" (learn.microsoft.com/graph/api/user-delta, *Default:
 * return the same properties as initial delta request*; microsoft-graph-docs#4946): without `Prefer:
 * return=minimal` every record is the whole user — a property never set is absent, a cleared one null. The
 * sync never sends return=minimal, so it needs no single-user reads, in full rounds or incremental ones.
 */
describe("delta records in Graph's default mode", () => {
  let harness: Harness;

  beforeEach(async () => {
    const { jobTitle: _jobTitle, mobilePhone: _mobilePhone, ...withoutTwo } = member(4);
    harness = await startHarness([member(1), member(2), member(3, { userType: "Guest" }), withoutTwo]);
  });

  afterEach(async () => {
    await harness.close();
  });

  it("a full round takes users who lack properties as they are: never set is empty, no user is read again", async () => {
    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "full", created: 3, escrowed: 0 });
    expect(harness.standIn.requests.list("delta").every((request) => request.prefer === null)).toBe(true);
    expect((await harness.contacts()).get(userId(4))?.user).toEqual({
      ...member(4),
      jobTitle: null,
      mobilePhone: null,
    });
    expect((await harness.contacts()).get(userId(4))?.phones.map((phone) => phone.e164)).toEqual([
      "+31201234004",
    ]);
    expect(harness.standIn.requests.count("user")).toBe(0);
  });

  it("an incremental record is whole: a cleared property empties, unchanged ones keep their values", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.update(userId(1), { jobTitle: "Architect", mobilePhone: null });
    harness.standIn.requests.clear();

    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "incremental", updated: 1, created: 0, deleted: 0 });
    expect((await harness.contacts()).get(userId(1))?.user).toEqual({
      ...member(1),
      jobTitle: "Architect",
      mobilePhone: null,
    });
    expect(harness.standIn.requests.count("user")).toBe(0);
  });

  it("a user coming back into scope (re-enabled, guest turned member) arrives whole, without a single-user read", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.update(userId(2), { accountEnabled: false });
    expect(await syncTenant(harness.options())).toMatchObject({ deleted: 1 });

    harness.standIn.directory.update(userId(2), { accountEnabled: true });
    harness.standIn.directory.update(userId(3), { userType: "Member" });
    harness.standIn.requests.clear();
    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "incremental", created: 2, deleted: 0, escrowed: 0 });
    const contacts = await harness.contacts();
    expect(contacts.get(userId(2))?.user).toEqual({ ...member(2) });
    expect(contacts.get(userId(3))?.user).toEqual({ ...member(3), userType: "Member" });
    expect(harness.standIn.requests.count("user")).toBe(0);
  });
});
