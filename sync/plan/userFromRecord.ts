import type { DeltaUserRecord, EntraUser } from "../model";

/**
 * The user a validated delta record describes. The sync reads delta in Graph's default mode (it never sends
 * `Prefer: return=minimal`), where every record is complete: a selected property that is absent has never
 * been set, so it is empty — in full and incremental rounds alike; `null` is a cleared property, empty too
 * (GRAPH-CONTRACT.md, "Users delta: what a record carries"; learn.microsoft.com/graph/api/user-delta,
 * *Default: return the same properties as initial delta request*; microsoft-graph-docs#4946). So nothing
 * from an earlier state is merged in and no user is ever read again one by one. For `businessPhones`,
 * absent, `null` and `[]` all mean "no business phones".
 */
export function userFromRecord(record: DeltaUserRecord): EntraUser {
  const text = (property: Exclude<keyof EntraUser, "id" | "businessPhones" | "accountEnabled">) =>
    (record[property] as string | null | undefined) ?? null;

  return {
    id: record.id,
    displayName: text("displayName"),
    givenName: text("givenName"),
    surname: text("surname"),
    mail: text("mail"),
    userPrincipalName: text("userPrincipalName"),
    jobTitle: text("jobTitle"),
    department: text("department"),
    companyName: text("companyName"),
    officeLocation: text("officeLocation"),
    businessPhones: [...((record.businessPhones as string[] | null | undefined) ?? [])],
    mobilePhone: text("mobilePhone"),
    accountEnabled: (record.accountEnabled as boolean | null | undefined) ?? null,
    userType: text("userType"),
    usageLocation: text("usageLocation"),
    country: text("country"),
  };
}
