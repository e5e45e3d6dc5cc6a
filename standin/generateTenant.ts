import type { GraphUser } from "./graphUser";
import { COUNTRY_PLANS, sampleNumber } from "./phoneSamples";
import { SeededRandom } from "./seededRandom";

export type { GraphUser } from "./graphUser";

export interface GenerateTenantOptions {
  /** Same seed, same tenant. */
  seed: number;
  /** Number of users. */
  count: number;
  /** Verified domain of the tenant's UPNs and mail. @default "contoso.example" */
  domain?: string;
  /** Share of guest accounts (`userType: "Guest"`). @default 0.05 */
  guestRatio?: number;
  /** Share of disabled accounts (`accountEnabled: false`). @default 0.05 */
  disabledRatio?: number;
}

// Invented people: common given names and surnames combined at random, never a real person's record.
const GIVEN_NAMES = [
  "Anna",
  "Bram",
  "Chloé",
  "Daan",
  "Elif",
  "Femke",
  "Giulia",
  "Hugo",
  "Ines",
  "Jonas",
  "Kaito",
  "Lena",
  "Mateo",
  "Noor",
  "Oskar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Vera",
  "Wouter",
  "Xavier",
  "Yara",
  "Zoë",
  "Åsa",
  "Björn",
  "Łukasz",
  "José",
  "Saoirse",
  "Aiko",
  "Ravi",
  "Lucía",
  "Matthias",
  "Amélie",
];
const SURNAMES = [
  "de Vries",
  "Jansen",
  "Müller",
  "Schmidt",
  "Smith",
  "Brown",
  "Rossi",
  "García",
  "Martin",
  "Dubois",
  "Peeters",
  "Andersson",
  "Meier",
  "Taylor",
  "Nguyen",
  "Kumar",
  "Silva",
  "Tanaka",
  "van den Berg",
  "O'Brien",
  "Nowak",
  "Fernández",
  "Bianchi",
  "Lindqvist",
  "Huber",
  "Wilson",
  "Sato",
  "Patel",
  "Costa",
  "Janssens",
];
const DEPARTMENTS = ["Sales", "Support", "Finance", "Engineering", "Operations", "Marketing", "HR", "Legal"];
const JOB_TITLES = [
  "Account Manager",
  "Support Engineer",
  "Controller",
  "Developer",
  "Team Lead",
  "Director",
];
const OFFICES = ["Amsterdam HQ", "Berlin", "London", "Remote", "Brussels"];

/**
 * How often a real tenant has each optional property set at all. A property a user lacks has never been set:
 * Graph's delta leaves it out of the record (GRAPH-CONTRACT.md), so most generated users lack at least one
 * selected property, as in real tenants (the issue measured about 45%; here it is most users).
 */
const SET_RATIO = {
  jobTitle: 0.8,
  department: 0.75,
  officeLocation: 0.55,
  companyName: 0.6,
  preferredLanguage: 0.7,
  givenNameSurname: 0.95,
} as const;

function asciiSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();
}

/**
 * A seeded, realistic tenant: names, UPNs, mail, department, job title, `usageLocation` and/or a free-text
 * `country` ("UK", "Deutschland", missing), phones from 14 countries in the formats people really type
 * (and some unusable ones), users without phones, guests and disabled accounts.
 */
export function generateTenant(options: GenerateTenantOptions): GraphUser[] {
  const { seed, count } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`generateTenant: count must be a non-negative integer (got ${count})`);
  }
  const domain = options.domain ?? "contoso.example";
  const guestRatio = options.guestRatio ?? 0.05;
  const disabledRatio = options.disabledRatio ?? 0.05;
  const r = new SeededRandom(seed);
  const usedNames = new Map<string, number>();
  const users: GraphUser[] = [];

  for (let i = 0; i < count; i++) {
    const givenName = r.pick(GIVEN_NAMES);
    const surname = r.pick(SURNAMES);
    const baseName = `${asciiSlug(givenName)}.${asciiSlug(surname)}`;
    const seen = usedNames.get(baseName) ?? 0;
    usedNames.set(baseName, seen + 1);
    const alias = seen === 0 ? baseName : `${baseName}${seen + 1}`;
    const plan = r.next() < 0.35 ? COUNTRY_PLANS[0]! : r.pick(COUNTRY_PLANS);
    const guest = r.chance(guestRatio);

    const locationRoll = r.next();
    // Where the user is: an ISO usageLocation, a free-text country, both, or neither (default country applies).
    const usageLocation = locationRoll < 0.75 ? plan.iso : null;
    const country =
      locationRoll < 0.4 || (locationRoll >= 0.75 && locationRoll < 0.92) ? r.pick(plan.names) : null;

    const phoneRoll = r.next();
    const businessPhones = phoneRoll < 0.12 ? [] : [sampleNumber(r, plan, "fixed")].filter((n) => n !== "");
    const mobilePhone = phoneRoll < 0.2 || r.chance(0.25) ? null : sampleNumber(r, plan, "mobile");

    const userPrincipalName = guest
      ? `${alias}_partner.example#EXT#@${domain.replace(/\..*$/, "")}.onmicrosoft.example`
      : `${alias}@${domain}`;
    const mail = guest ? `${alias}@partner.example` : r.chance(0.97) ? `${alias}@${domain}` : undefined;
    const named = r.chance(SET_RATIO.givenNameSurname);
    // Only what was ever set is in the record: a missing key is a property never set.
    const optional: Partial<GraphUser> = {
      ...(named && { givenName, surname }),
      ...(mail !== undefined && { mail }),
      ...(r.chance(SET_RATIO.jobTitle) && { jobTitle: r.pick(JOB_TITLES) }),
      ...(r.chance(SET_RATIO.department) && { department: r.pick(DEPARTMENTS) }),
      ...(r.chance(SET_RATIO.companyName) && { companyName: guest ? "Partner BV" : "Contoso" }),
      ...(r.chance(SET_RATIO.officeLocation) && { officeLocation: r.pick(OFFICES) }),
      ...(businessPhones.length > 0 && { businessPhones }),
      ...(mobilePhone !== null && { mobilePhone }),
      ...(usageLocation !== null && { usageLocation }),
      ...(country !== null && { country }),
      ...(r.chance(SET_RATIO.preferredLanguage) && {
        preferredLanguage: r.pick(["nl-NL", "en-GB", "de-DE", "en-US"]),
      }),
    };
    const user: GraphUser = {
      id: r.guid(),
      displayName: `${givenName} ${surname}`,
      userPrincipalName,
      accountEnabled: !r.chance(disabledRatio),
      userType: guest ? "Guest" : "Member",
      ...optional,
    };
    users.push(user);
  }
  return users;
}
