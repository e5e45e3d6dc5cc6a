/** The Microsoft Graph first-party application, identical in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The application permission (app role) the replicator needs; not the delegated scope of the same name. */
export const USER_READ_ALL = "User.Read.All";

/** Where admins of a public-cloud tenant sign in (and the azuread provider's default cloud). */
export const PUBLIC_LOGIN_HOST = "login.microsoftonline.com";

/**
 * The sign-in host of the cloud the azuread provider deploys to, from its `environment` config (the values
 * and aliases its docs list). A US Government or China tenant's admin cannot consent on the public host.
 */
const LOGIN_HOST_OF_ENVIRONMENT: Readonly<Record<string, string>> = {
  global: PUBLIC_LOGIN_HOST,
  public: PUBLIC_LOGIN_HOST,
  usgovernment: "login.microsoftonline.us",
  usgovernmentl4: "login.microsoftonline.us",
  usgovernmentl5: "login.microsoftonline.us",
  dod: "login.microsoftonline.us",
  china: "login.chinacloudapi.cn",
};

/** A bad `azuread:environment`: the message names the key and the fix. */
export class UnknownCloudEnvironmentError extends Error {
  override readonly name = "UnknownCloudEnvironmentError";
}

/** `azuread:environment` → sign-in host; unset means the provider's default, the public cloud. */
export function loginHostOfEnvironment(environment: string | undefined): string {
  if (environment === undefined || environment.trim() === "") return PUBLIC_LOGIN_HOST;
  const host = LOGIN_HOST_OF_ENVIRONMENT[environment.trim().toLowerCase()];
  if (host === undefined) {
    throw new UnknownCloudEnvironmentError(
      `azuread:environment is '${environment}', which the azuread provider does not know. Fix: pulumi config set azuread:environment global (or ${Object.keys(
        LOGIN_HOST_OF_ENVIRONMENT,
      )
        .filter((name) => name !== "global")
        .join(", ")}), or remove it for the public cloud.`,
    );
  }
  return host;
}

/** The URL a Global Administrator opens to grant the app's permissions when the stack does not. */
export function adminConsentUrl(tenantId: string, clientId: string, loginHost = PUBLIC_LOGIN_HOST): string {
  return `https://${loginHost}/${tenantId}/adminconsent?client_id=${clientId}`;
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
