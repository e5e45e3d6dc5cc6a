import { AZUREAD_ENVIRONMENTS, CLOUDS, cloudOfAzureadEnvironment, PUBLIC_LOGIN_HOST } from "../sync/contract";

export { adminConsentUrl, PUBLIC_LOGIN_HOST } from "../sync/contract";

/** The Microsoft Graph first-party application, identical in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The application permission (app role) the replicator needs; not the delegated scope of the same name. */
export const USER_READ_ALL = "User.Read.All";

/** A bad `azuread:environment`: the message names the key and the fix. */
export class UnknownCloudEnvironmentError extends Error {
  override readonly name = "UnknownCloudEnvironmentError";
}

/**
 * `azuread:environment` → sign-in host; unset means the provider's default, the public cloud. A US
 * Government or China tenant's admin cannot consent on the public host.
 */
export function loginHostOfEnvironment(environment: string | undefined): string {
  if (environment === undefined || environment.trim() === "") return PUBLIC_LOGIN_HOST;
  const cloud = cloudOfAzureadEnvironment(environment);
  if (cloud === undefined) {
    throw new UnknownCloudEnvironmentError(
      `azuread:environment is '${environment}', which the azuread provider does not know. Fix: pulumi config set azuread:environment global (or ${AZUREAD_ENVIRONMENTS.filter(
        (name) => name !== "global",
      ).join(", ")}), or remove it for the public cloud.`,
    );
  }
  return CLOUDS[cloud].loginHost;
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
