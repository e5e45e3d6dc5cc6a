/** The national clouds: where to get a token and where Graph lives. Tests and sovereign setups override both. */
export const CLOUDS = {
  public: {
    authorityHost: "https://login.microsoftonline.com",
    graphEndpoint: "https://graph.microsoft.com",
  },
  usgov: { authorityHost: "https://login.microsoftonline.us", graphEndpoint: "https://graph.microsoft.us" },
  china: {
    authorityHost: "https://login.chinacloudapi.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
  },
} as const;

export type CloudName = keyof typeof CLOUDS;

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

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
