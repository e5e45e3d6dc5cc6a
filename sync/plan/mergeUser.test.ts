import type { EntraUser } from "../model";
import { mergeUser } from "./mergeUser";
import { ALICE_ID, entraUser } from "./testUsers";

describe("mergeUser", () => {
  const previous = entraUser({ id: ALICE_ID });

  it("treats absent properties as unchanged", () => {
    expect(mergeUser(previous, { id: ALICE_ID, jobTitle: "Architect" })).toEqual<EntraUser>({
      ...previous,
      jobTitle: "Architect",
    });
  });

  it("treats null as cleared", () => {
    expect(mergeUser(previous, { id: ALICE_ID, mobilePhone: null, accountEnabled: null })).toEqual<EntraUser>(
      {
        ...previous,
        mobilePhone: null,
        accountEnabled: null,
      },
    );
  });

  it.each([[null], [[]]])("businessPhones %j clears the business numbers", (businessPhones) => {
    expect(mergeUser(previous, { id: ALICE_ID, businessPhones })).toEqual<EntraUser>({
      ...previous,
      businessPhones: [],
    });
  });

  it("replaces businessPhones as a whole", () => {
    expect(mergeUser(previous, { id: ALICE_ID, businessPhones: ["+49 30 1234567"] }).businessPhones).toEqual([
      "+49 30 1234567",
    ]);
  });

  it("starts from nothing for a new user", () => {
    expect(mergeUser(null, { id: ALICE_ID, displayName: "Alice", accountEnabled: false })).toEqual<EntraUser>(
      {
        id: ALICE_ID,
        displayName: "Alice",
        givenName: null,
        surname: null,
        mail: null,
        userPrincipalName: null,
        jobTitle: null,
        department: null,
        companyName: null,
        officeLocation: null,
        businessPhones: [],
        mobilePhone: null,
        accountEnabled: false,
        userType: null,
        usageLocation: null,
        country: null,
      },
    );
  });

  it("does not share the phone array with its inputs", () => {
    const phones = ["+31 20 123 4567"];
    const merged = mergeUser(previous, { id: ALICE_ID, businessPhones: phones });
    phones.push("x");
    expect(merged.businessPhones).toEqual(["+31 20 123 4567"]);
    expect(mergeUser(merged, { id: ALICE_ID }).businessPhones).not.toBe(merged.businessPhones);
  });
});
