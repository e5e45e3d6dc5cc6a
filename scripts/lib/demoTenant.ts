import { generateTenant, type GraphUser } from "../../standin/generateTenant";

/** The demo's invented tenant: same seed, same people, same story every run. */
export const DEMO_SEED = 2026;
export const DEMO_USER_COUNT = 300;
export const DEMO_TENANT_ID = "0d3e5a7c-2f41-4b8e-9c6a-1e2d3c4b5a69";
export const DEMO_CLIENT_ID = "7b1f9e2d-4c3a-4e5f-8a6b-9c0d1e2f3a4b";
/**
 * The stand-in's client secret, shaped like an Entra one. Fixed so the demo's test can prove it never
 * appears in any output; it opens nothing but the loopback stand-in.
 */
export const DEMO_CLIENT_SECRET = "Dm0~LoopbackStandInSecret.NeverPrinted_42";
export const DEMO_COUNTRY = "NL";

/** The changes made between the full and the incremental sync, one of each kind a directory sees. */
export interface DemoChanges {
  added: GraphUser;
  /** A contact whose mobile number changes to `newMobile`. */
  renumbered: { user: GraphUser; newMobile: string; typedLocally: string };
  disabled: GraphUser;
  softDeleted: GraphUser;
  guest: GraphUser;
}

export function demoUsers(): GraphUser[] {
  return generateTenant({ seed: DEMO_SEED, count: DEMO_USER_COUNT });
}

/** Members with an enabled account: who the default scope replicates. */
export function inDefaultScope(user: GraphUser): boolean {
  return user.accountEnabled !== false && user.userType !== "Guest";
}

/**
 * Picks the users to change from the generated tenant (deterministically: the first ones that fit) and
 * describes each change. Pure: applying them to the stand-in is the caller's job.
 */
export function planDemoChanges(users: readonly GraphUser[]): DemoChanges {
  const members = users.filter(inDefaultScope);
  const dutchWithMobile = members.find(
    (user) => user.usageLocation === "NL" && typeof user.mobilePhone === "string",
  );
  const [disabled, softDeleted] = members.filter((user) => user !== dutchWithMobile);
  if (dutchWithMobile === undefined || disabled === undefined || softDeleted === undefined) {
    throw new Error(`the demo tenant (seed ${DEMO_SEED}) lacks the members the story needs`);
  }
  return {
    added: {
      id: "3c9a1b7e-5d2f-4e8a-b6c1-0f9e8d7c6b5a",
      displayName: "Noor Bakker",
      givenName: "Noor",
      surname: "Bakker",
      userPrincipalName: "noor.bakker@contoso.example",
      mail: "noor.bakker@contoso.example",
      jobTitle: "Account Manager",
      department: "Sales",
      companyName: "Contoso",
      officeLocation: "Amsterdam HQ",
      businessPhones: ["020 794 6000"],
      mobilePhone: null,
      accountEnabled: true,
      userType: "Member",
      usageLocation: "NL",
      country: "Netherlands",
    },
    renumbered: { user: dutchWithMobile, newMobile: "+31 6 4812 3907", typedLocally: "06-48123907" },
    disabled,
    softDeleted,
    guest: {
      id: "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586",
      displayName: "Sam Partner (guest)",
      givenName: "Sam",
      surname: "Partner",
      userPrincipalName: "sam_partner.example#EXT#@contoso.onmicrosoft.example",
      mail: "sam@partner.example",
      jobTitle: null,
      department: null,
      companyName: "Partner BV",
      officeLocation: null,
      businessPhones: ["+44 20 7946 0958"],
      mobilePhone: null,
      accountEnabled: true,
      userType: "Guest",
      usageLocation: "GB",
    },
  };
}
