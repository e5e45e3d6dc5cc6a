import type { EntraUser } from "../model";
import { userFromRecord } from "./userFromRecord";
import { ALICE_ID, blankUser, entraUser } from "./testUsers";

// GRAPH-CONTRACT.md, "Users delta: what a record carries" (learn.microsoft.com/graph/api/user-delta;
// microsoft-graph-docs#4946): in default mode every record is complete.
describe("userFromRecord", () => {
  it("takes every property the record carries", () => {
    const alice = entraUser({ id: ALICE_ID });
    expect(userFromRecord({ ...alice })).toEqual<EntraUser>(alice);
  });

  it("reads an absent selected property as never set (empty), not as unchanged", () => {
    expect(userFromRecord({ id: ALICE_ID, displayName: "Alice", accountEnabled: false })).toEqual<EntraUser>(
      blankUser({ id: ALICE_ID, displayName: "Alice", accountEnabled: false }),
    );
  });

  it("reads null as cleared (empty)", () => {
    expect(userFromRecord({ id: ALICE_ID, mobilePhone: null, accountEnabled: null })).toEqual<EntraUser>(
      blankUser({ id: ALICE_ID }),
    );
  });

  it.each([[null], [[]], [undefined]])("businessPhones %j means no business numbers", (businessPhones) => {
    const record = businessPhones === undefined ? { id: ALICE_ID } : { id: ALICE_ID, businessPhones };
    expect(userFromRecord(record).businessPhones).toEqual([]);
  });

  it("does not share the phone array with the record", () => {
    const phones = ["+31 20 123 4567"];
    const user = userFromRecord({ id: ALICE_ID, businessPhones: phones });
    phones.push("x");
    expect(user.businessPhones).toEqual(["+31 20 123 4567"]);
  });
});
