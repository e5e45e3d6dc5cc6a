/**
 * A Microsoft Graph `user` resource as JSON (v1.0). Only `id` is required: Graph omits nothing when asked, but a
 * stored user may lack properties, which the stand-in then reports as `null` like Graph does.
 */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  officeLocation?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  usageLocation?: string | null;
  country?: string | null;
  [property: string]: unknown;
}

/** Properties `/users` and `/users/delta` return when no `$select` is given (Graph's default set). */
export const DEFAULT_USER_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
] as const;

/** Every v1.0 `user` property `$select` accepts here; anything else is a 400 like Graph's. */
export const KNOWN_USER_PROPERTIES: ReadonlySet<string> = new Set([
  ...DEFAULT_USER_PROPERTIES,
  "accountEnabled",
  "ageGroup",
  "city",
  "companyName",
  "country",
  "createdDateTime",
  "creationType",
  "department",
  "employeeId",
  "employeeType",
  "externalUserState",
  "faxNumber",
  "identities",
  "imAddresses",
  "isResourceAccount",
  "lastPasswordChangeDateTime",
  "mailNickname",
  "manager",
  "onPremisesImmutableId",
  "onPremisesSyncEnabled",
  "otherMails",
  "postalCode",
  "proxyAddresses",
  "showInAddressList",
  "state",
  "streetAddress",
  "usageLocation",
  "userType",
]);

/** Collection-valued properties: Graph returns `[]`, never `null`, when they are empty. */
const COLLECTION_PROPERTIES: ReadonlySet<string> = new Set([
  "businessPhones",
  "imAddresses",
  "otherMails",
  "proxyAddresses",
  "identities",
]);

/** The value Graph would return for a property the stored user lacks. */
export function emptyValueOf(property: string): null | [] {
  return COLLECTION_PROPERTIES.has(property) ? [] : null;
}

/** `user` projected onto `properties` (plus `id`, which Graph always returns). */
export function projectUser(user: GraphUser, properties: readonly string[]): Record<string, unknown> {
  const projected: Record<string, unknown> = { id: user.id };
  for (const property of properties) {
    if (property === "id") continue;
    const value = user[property];
    projected[property] = value === undefined ? emptyValueOf(property) : value;
  }
  return projected;
}
