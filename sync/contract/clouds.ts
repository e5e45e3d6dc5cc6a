/**
 * The national clouds: where an admin signs in, where a token comes from, where Graph lives, and which
 * `azuread:environment` values (the provider's names and aliases) deploy to each.
 */
export const CLOUDS = {
  public: {
    loginHost: "login.microsoftonline.com",
    authorityHost: "https://login.microsoftonline.com",
    graphEndpoint: "https://graph.microsoft.com",
    azureadEnvironments: ["global", "public"],
  },
  usgov: {
    loginHost: "login.microsoftonline.us",
    authorityHost: "https://login.microsoftonline.us",
    graphEndpoint: "https://graph.microsoft.us",
    azureadEnvironments: ["usgovernment", "usgovernmentl4", "usgovernmentl5", "dod"],
  },
  china: {
    loginHost: "login.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    azureadEnvironments: ["china"],
  },
} as const;

export type CloudName = keyof typeof CLOUDS;

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** Sign-in host of the public cloud, the default of the azuread provider and of the sync. */
export const PUBLIC_LOGIN_HOST = CLOUDS.public.loginHost;

/** Every `azuread:environment` value the azuread provider accepts. */
export const AZUREAD_ENVIRONMENTS: readonly string[] = CLOUD_NAMES.flatMap(
  (name) => CLOUDS[name].azureadEnvironments,
);

/** The cloud an `azuread:environment` value deploys to, or undefined when the provider does not know it. */
export function cloudOfAzureadEnvironment(environment: string): CloudName | undefined {
  const wanted = environment.trim().toLowerCase();
  return CLOUD_NAMES.find((name) => (CLOUDS[name].azureadEnvironments as readonly string[]).includes(wanted));
}
