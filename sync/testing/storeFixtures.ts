import type { Contact, EntraUser, RunSummary } from "../model";
import { toContact } from "../plan/toContact";
import type { PageChange } from "../store/contactDirectory";

/** Shared builders for store tests: a user with a Dutch office number, its contact, a page, a run summary. */
export function testUser(id: string, overrides: Partial<EntraUser> = {}): EntraUser {
  return {
    id,
    displayName: `User ${id}`,
    givenName: null,
    surname: null,
    mail: `${id}@contoso.example`,
    userPrincipalName: `${id}@contoso.example`,
    jobTitle: null,
    department: null,
    companyName: "Contoso",
    officeLocation: null,
    businessPhones: ["+31 20 123 4567 ext. 45"],
    mobilePhone: "n/a",
    accountEnabled: true,
    userType: "Member",
    usageLocation: "NL",
    country: null,
    ...overrides,
  };
}

export const testContact = (id: string, overrides: Partial<EntraUser> = {}): Contact =>
  toContact(testUser(id, overrides), "NL");

export const testPage = (change: Partial<PageChange>): PageChange => ({
  upsert: [],
  delete: [],
  escrow: [],
  resolvedEscrow: [],
  ...change,
});

export function testRun(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    tenantId: "tenant-a",
    mode: "full",
    outcome: "succeeded",
    startedAt: "2026-01-01T10:00:00.000Z",
    finishedAt: "2026-01-01T10:00:05.000Z",
    created: 3,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidNumbers: 1,
    escrowed: 0,
    pages: 1,
    message: null,
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
