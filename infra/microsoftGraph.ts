/** The Microsoft Graph first-party application, identical in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The application permission (app role) the replicator needs; not the delegated scope of the same name. */
export const USER_READ_ALL = "User.Read.All";

/** The URL a Global Administrator opens to grant the app's permissions when the stack does not. */
export function adminConsentUrl(tenantId: string, clientId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/adminconsent?client_id=${clientId}`;
}

/** The id of an app role of a resource service principal, e.g. Graph's `User.Read.All` application permission. */
export function appRoleIdOf(appRoleIds: Record<string, string>, role: string): string {
  const id = appRoleIds[role];
  if (id === undefined) {
    throw new Error(
      `Microsoft Graph's service principal in this tenant has no app role ${role} (it has ${Object.keys(appRoleIds).length} others). Check Enterprise applications → Microsoft Graph, or ask Microsoft support; the stack cannot request the permission without it.`,
    );
  }
  return id;
}
