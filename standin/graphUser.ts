/**
 * A Microsoft Graph `user` resource as JSON (v1.0). Only `id` is required. A property the stored user lacks has
 * never been set: delta omits it (GRAPH-CONTRACT.md, "has never been set"), `/users` reports it as `null`.
 * A property stored as `null` was cleared by an update.
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

/**
 * `user` projected onto `properties` (plus `id`, which Graph always returns), as `GET /users` renders it: a
 * property never set comes back as `null` (`[]` for collections). GRAPH-CONTRACT.md covers delta only; this
 * is how the list and single-user reads answer a `$select` of an unset property.
 */
export function projectUser(user: GraphUser, properties: readonly string[]): Record<string, unknown> {
  const projected: Record<string, unknown> = { id: user.id };
  for (const property of properties) {
    if (property === "id") continue;
    const value = user[property];
    projected[property] = value === undefined ? emptyValueOf(property) : value;
  }
  return projected;
}

/**
 * `user` projected onto `properties` as a delta record renders it: a property never set is **absent**, in the
 * initial round too; a cleared one is `null` ("user: delta", learn.microsoft.com/graph/api/user-delta,
 * *Default: return the same properties as initial delta request*; microsoft-graph-docs#4946).
 */
export function projectDeltaUser(user: GraphUser, properties: readonly string[]): Record<string, unknown> {
  const projected: Record<string, unknown> = { id: user.id };
  for (const property of properties) {
    if (property === "id") continue;
    const value = user[property];
    if (value !== undefined) projected[property] = value;
  }
  return projected;
}
