import { syncTenant } from "../../sync/index";
import { type Harness, member, startHarness, userId } from "./harness";

/**
 * An incremental round only plans the users that changed in Entra ID, so a change of scope or default
 * country would otherwise reach only those. The run notices the change and plans every user again.
 */
describe("changing the directory settings between runs", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness([
      member(1),
      member(2, { usageLocation: null, country: null, businessPhones: ["030 1234567"], mobilePhone: null }),
      member(3, { userType: "Guest", displayName: "Guest Three" }),
    ]);
    expect(await syncTenant(harness.options({ defaultCountry: "NL" }))).toMatchObject({
      mode: "full",
      created: 2,
    });
  });

  afterEach(async () => {
    await harness.close();
  });

  it("the same settings keep the next run incremental", async () => {
    expect(await syncTenant(harness.options({ defaultCountry: "NL" }))).toMatchObject({
      mode: "incremental",
      created: 0,
      updated: 0,
    });
  });

  it("including guests runs a full round that adds the guests nothing else would have brought", async () => {
    const summary = await syncTenant(harness.options({ defaultCountry: "NL", includeGuests: true }));

    expect(summary).toMatchObject({ mode: "full", created: 1, updated: 0, deleted: 0, unchanged: 2 });
    expect([...(await harness.contacts()).keys()].sort()).toEqual([userId(1), userId(2), userId(3)]);
    expect(await syncTenant(harness.options({ defaultCountry: "NL", includeGuests: true }))).toMatchObject({
      mode: "incremental",
    });
  });

  it("another default country re-reads every local number in it", async () => {
    expect((await harness.contacts()).get(userId(2))?.phones.map((phone) => phone.e164)).toEqual([
      "+31301234567",
    ]);

    const summary = await syncTenant(harness.options({ defaultCountry: "DE" }));

    expect(summary).toMatchObject({ mode: "full", created: 0, updated: 1, deleted: 0, unchanged: 1 });
    expect((await harness.contacts()).get(userId(2))?.phones.map((phone) => phone.e164)).toEqual([
      "+49301234567",
    ]);
  });
});
