import type { Contact, EntraUser } from "../model";
import { toContact } from "./toContact";

export const ALICE_ID = "6e7b768e-07e2-4810-8459-485f84f8f204";
export const BOB_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
export const CAROL_ID = "c3b8f1a0-5d5e-4f7e-9f5b-2a1d3e4f5a6b";

/** A complete user with every property set, for tests to override. */
export function entraUser(overrides: Partial<EntraUser> & { id: string }): EntraUser {
  return {
    displayName: "Alice Jansen",
    givenName: "Alice",
    surname: "Jansen",
    mail: "alice@contoso.example",
    userPrincipalName: "alice@contoso.example",
    jobTitle: "Engineer",
    department: "R&D",
    companyName: "Contoso",
    officeLocation: "Amsterdam",
    businessPhones: ["+31 20 123 4567"],
    mobilePhone: "06 12345678",
    accountEnabled: true,
    userType: "Member",
    usageLocation: "NL",
    country: "Netherlands",
    ...overrides,
  };
}

/** A user the directory knows nothing about beyond its id: what an incremental run starts a new user from. */
export function blankUser(overrides: Partial<EntraUser> & { id: string }): EntraUser {
  return {
    displayName: null,
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
    accountEnabled: null,
    userType: null,
    usageLocation: null,
    country: null,
    ...overrides,
  };
}

export function storedContact(user: EntraUser, defaultCountry: string | null = "NL"): Contact {
  return toContact(user, defaultCountry);
}
