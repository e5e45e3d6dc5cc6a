/**
 * The domain of the sync, as plain data. Everything that crosses a seam (Graph reader → planner →
 * store → exporters) is one of these types, so each side can be tested without the others.
 */

/** Exactly the user properties the sync reads; `accountEnabled`, `userType`, `usageLocation` and
 * `country` are only returned by Graph when selected. */
export const USER_SELECT = [
  "id",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "companyName",
  "officeLocation",
  "businessPhones",
  "mobilePhone",
  "accountEnabled",
  "userType",
  "usageLocation",
  "country",
] as const;

export type UserProperty = (typeof USER_SELECT)[number];

/**
 * One record of a `/users/delta` page, as received (before validation). The sync reads Graph's default
 * mode, where a record is the whole user: an absent selected property was never set, `null` was cleared
 * (GRAPH-CONTRACT.md); both are empty.
 */
export interface DeltaUserRecord {
  id: string;
  "@removed"?: { reason: "changed" | "deleted" | string };
  [property: string]: unknown;
}

/** The validated view of a user, after merging a delta record onto what was known before. */
export interface EntraUser {
  id: string;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  accountEnabled: boolean | null;
  userType: string | null;
  usageLocation: string | null;
  country: string | null;
}

export type PhoneType = "business" | "mobile";

/** One phone number of a contact: always kept raw; `e164` is null when it could not be normalised. */
export interface ContactPhone {
  type: PhoneType;
  raw: string;
  /** E.164 form, e.g. "+31201234567"; null when invalid or unparseable. */
  e164: string | null;
  /** Extension digits kept apart from the number ("45" for "… ext. 45"). */
  extension: string | null;
  valid: boolean;
  /** Why the number could not be normalised (null when valid). */
  problem: string | null;
  /** ISO 3166-1 alpha-2 region used to interpret a number written without a country code. */
  region: string | null;
}

/** A directory entry: the user's identity and phones, keyed by the Entra object id. */
export interface Contact {
  id: string;
  /** The full merged user as last seen, so later delta records can be merged onto it. */
  user: EntraUser;
  displayName: string;
  phones: ContactPhone[];
}

/** What a planning step decided; applying it is a separate, I/O-bound step. */
export interface Plan {
  create: Contact[];
  update: Contact[];
  /** Object ids to remove from the directory. */
  delete: string[];
  unchanged: number;
  /** Records that could not be turned into a contact, kept for the report; the run carries on. */
  escrow: EscrowedRecord[];
}

export interface EscrowedRecord {
  id: string;
  reason: string;
  /** The record as received, truncated for storage; never contains credentials. */
  excerpt: string;
}

export type RunMode = "full" | "incremental";

/** `interrupted`: stopped by SIGINT/SIGTERM (recorded by the CLI's signal handler). */
export type RunOutcome = "succeeded" | "failed" | "blocked-by-deletion-guard" | "dry-run" | "interrupted";

export interface RunSummary {
  runId: string;
  tenantId: string;
  mode: RunMode;
  outcome: RunOutcome;
  startedAt: string;
  finishedAt: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  invalidNumbers: number;
  escrowed: number;
  pages: number;
  /** A human-readable reason for a failed or blocked run; never contains credentials. */
  message: string | null;
}

/** A phone number that failed to normalise, reported with whom it belongs to. */
export interface InvalidNumberReport {
  contactId: string;
  displayName: string;
  type: PhoneType;
  raw: string;
  problem: string;
}
