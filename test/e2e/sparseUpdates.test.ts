import { syncTenant } from "../../sync";
import { type Harness, member, startHarness, userId } from "./harness";

/**
 * Graph may send an updated user with only the properties that changed. These tests make the stand-in do
 * exactly that on every incremental round, so merging and re-reading are exercised, not assumed.
 */
describe("incremental rounds whose records carry only the changed properties", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness([member(1), member(2), member(3, { userType: "Guest" })], {
      sparseUpdates: true,
    });
    await syncTenant(harness.options());
    harness.standIn.requests.clear();
  });

  afterEach(async () => {
    await harness.close();
  });

  it("a known user's partial record is merged: the properties it lacks keep their values", async () => {
    harness.standIn.directory.update(userId(1), { jobTitle: "Architect" });

    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "incremental", updated: 1, created: 0, deleted: 0 });
    const contact = (await harness.contacts()).get(userId(1));
    expect(contact?.user).toMatchObject({
      jobTitle: "Architect",
      department: "R&D",
      mail: "user1@contoso.example",
    });
    expect(contact?.phones.map((phone) => phone.e164)).toEqual(["+31201234001", "+31612345001"]);
    expect(harness.standIn.requests.list("user")).toEqual([]);
  });

  it("a user coming back into scope is read whole, not built from the few properties that changed", async () => {
    harness.standIn.directory.update(userId(2), { accountEnabled: false });
    expect(await syncTenant(harness.options())).toMatchObject({ deleted: 1 });
    expect((await harness.contacts()).has(userId(2))).toBe(false);

    harness.standIn.directory.update(userId(2), { accountEnabled: true });
    harness.standIn.directory.update(userId(3), { userType: "Member" });
    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "incremental", created: 2, deleted: 0, escrowed: 0 });
    const contacts = await harness.contacts();
    expect(contacts.get(userId(2))?.user).toEqual({ ...member(2) });
    expect(contacts.get(userId(2))?.phones.map((phone) => phone.e164)).toEqual([
      "+31201234002",
      "+31612345002",
    ]);
    expect(contacts.get(userId(3))?.user).toEqual({ ...member(3), userType: "Member" });
    expect(
      harness.standIn.requests
        .list("user")
        .map((request) => request.path)
        .sort(),
    ).toEqual([`/v1.0/users/${userId(2)}`, `/v1.0/users/${userId(3)}`]);
  });
});
