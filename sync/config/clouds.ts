import { CLOUD_NAMES, CLOUDS, type CloudName } from "../contract";

/** The national clouds: where to get a token and where Graph lives. Tests and sovereign setups override both. */
export { CLOUD_NAMES, CLOUDS, type CloudName };

const MICROSOFT_AUTHORITY_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login.microsoftonline.us",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
]);

/**
 * Instance discovery asks login.microsoftonline.com whether an authority is known; for any other host
 * (a stand-in, a proxy) it must be off or the credential fails offline.
 */
export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

/** The Graph client's `customHosts` wants bare host names: no scheme, no port. */
export function graphHostname(graphEndpoint: string): string {
  return new URL(graphEndpoint).hostname.toLowerCase();
}
