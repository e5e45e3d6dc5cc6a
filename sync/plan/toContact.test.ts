import type { Contact } from "../model";
import { ALICE_ID, entraUser } from "./testUsers";
import { canonicalContact, contactsEqual, displayNameOf, toContact } from "./toContact";

describe("toContact", () => {
  it("types business numbers and the mobile, normalised in the user's region", () => {
    const user = entraUser({
      id: ALICE_ID,
      businessPhones: ["020 123 4567 ext. 45", "  ", "n/a"],
      mobilePhone: "06 12345678",
      usageLocation: null,
      country: "Nederland",
    });
    expect(toContact(user, "DE")).toEqual<Contact>({
      id: ALICE_ID,
      user,
      displayName: "Alice Jansen",
      phones: [
        {
          type: "business",
          raw: "020 123 4567 ext. 45",
          e164: "+31201234567",
          extension: "45",
          valid: true,
          problem: null,
          region: "NL",
        },
        {
          type: "business",
          raw: "n/a",
          e164: null,
          extension: null,
          valid: false,
          problem: "not a phone number",
          region: "NL",
        },
        {
          type: "mobile",
          raw: "06 12345678",
          e164: "+31612345678",
          extension: null,
          valid: true,
          problem: null,
          region: "NL",
        },
      ],
    });
  });

  it("has no phones when the user has none", () => {
    expect(
      toContact(entraUser({ id: ALICE_ID, businessPhones: [], mobilePhone: null }), "NL").phones,
    ).toEqual([]);
  });

  it.each([
    [{ displayName: "  Alice J.  " }, "Alice J."],
    [{ displayName: "  ", givenName: "Alice", surname: "Jansen" }, "Alice Jansen"],
    [{ displayName: null, givenName: null, surname: "Jansen" }, "Jansen"],
    [
      { displayName: null, givenName: null, surname: null, userPrincipalName: "aj@contoso.example" },
      "aj@contoso.example",
    ],
    [{ displayName: null, givenName: null, surname: null, userPrincipalName: null }, ALICE_ID],
  ])("display name of %j is %j", (overrides, expected) => {
    expect(displayNameOf(entraUser({ id: ALICE_ID, ...overrides }))).toBe(expected);
  });
});

describe("contactsEqual", () => {
  const contact = toContact(entraUser({ id: ALICE_ID }), "NL");

  it("ignores key order (a contact read back from a store)", () => {
    const reordered = JSON.parse(
      JSON.stringify({
        phones: contact.phones,
        displayName: contact.displayName,
        user: contact.user,
        id: contact.id,
      }),
    ) as Contact;
    expect(canonicalContact(reordered)).toBe(canonicalContact(contact));
    expect(contactsEqual(reordered, contact)).toBe(true);
  });

  it.each([
    ["jobTitle", toContact(entraUser({ id: ALICE_ID, jobTitle: "CTO" }), "NL")],
    ["a phone", toContact(entraUser({ id: ALICE_ID, mobilePhone: "06 87654321" }), "NL")],
    ["the region used", toContact(entraUser({ id: ALICE_ID, usageLocation: null, country: null }), "BE")],
  ])("sees a change of %s", (_what, changed) => {
    expect(contactsEqual(changed, contact)).toBe(false);
  });
});
