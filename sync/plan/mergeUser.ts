import type { DeltaUserRecord, EntraUser } from "../model";

/**
 * Applies a validated delta record to what was known about the user: an absent property is unchanged,
 * `null` clears it (for `businessPhones`, null and [] both mean "no business phones").
 */
export function mergeUser(previous: EntraUser | null, record: DeltaUserRecord): EntraUser {
  const text = (property: Exclude<keyof EntraUser, "id" | "businessPhones" | "accountEnabled">) =>
    property in record ? ((record[property] as string | null) ?? null) : (previous?.[property] ?? null);

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
    businessPhones:
      "businessPhones" in record
        ? [...((record.businessPhones as string[] | null) ?? [])]
        : [...(previous?.businessPhones ?? [])],
    mobilePhone: text("mobilePhone"),
    accountEnabled:
      "accountEnabled" in record
        ? ((record.accountEnabled as boolean | null) ?? null)
        : (previous?.accountEnabled ?? null),
    userType: text("userType"),
    usageLocation: text("usageLocation"),
    country: text("country"),
  };
}
