import { PUBLIC_LOGIN_HOST } from "./clouds";

/**
 * The URL a Global Administrator opens to grant an app's permissions
 * (https://learn.microsoft.com/entra/identity-platform/v2-admin-consent). One encoding for every caller:
 * `loginHost` may be a bare host (`login.microsoftonline.us`) or an authority URL (`https://host[:port]`,
 * e.g. a stand-in); tenant and client id are percent-encoded.
 */
export function adminConsentUrl(
  tenantId: string,
  clientId: string,
  loginHost: string = PUBLIC_LOGIN_HOST,
): string {
  const origin = /^https?:\/\//i.test(loginHost) ? loginHost.replace(/\/+$/, "") : `https://${loginHost}`;
  return `${origin}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
