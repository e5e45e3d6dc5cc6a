import type { TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { graphHostname } from "../config/clouds";
import type { CredentialSettings, EndpointSettings } from "../config/settings";
import { createCredential, type KeyVaultReadOptions } from "../identity/credential";
import { createMiddlewareChain, type RetryPolicy } from "./middlewareChain";

export interface GraphConnection {
  client: Client;
  credential: TokenCredential;
  /** The application-permission scope of this Graph endpoint: `${graphEndpoint}/.default`. */
  scope: string;
}

export interface GraphConnectionOptions {
  /** Background runs ask Graph to throttle them first (`x-ms-throttle-priority: low`). @default false */
  background?: boolean;
  retry?: Partial<RetryPolicy>;
  onRetry?: (info: { attempt: number; status: number | null; delayMs: number; url: string }) => void;
  /** How the client secret is read when it lives in Key Vault. */
  keyVault?: KeyVaultReadOptions;
}

export function connectToGraph(
  settings: CredentialSettings & EndpointSettings,
  options: GraphConnectionOptions = {},
): GraphConnection {
  const credential = createCredential(settings, options.keyVault);
  const scope = `${settings.graphEndpoint}/.default`;
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] });
  const client = Client.initWithMiddleware({
    middleware: createMiddlewareChain({
      authProvider,
      ...(options.retry !== undefined && { retry: options.retry }),
      ...(options.background === true && { throttlePriority: "low" as const }),
      ...(options.onRetry !== undefined && { onRetry: options.onRetry }),
    }),
    baseUrl: settings.graphEndpoint,
    // The auth middleware attaches the token only to known Graph hosts or these (bare host names, no
    // port): without it a sovereign or loopback endpoint gets requests without a token.
    customHosts: new Set([graphHostname(settings.graphEndpoint)]),
    defaultVersion: "v1.0",
  });
  return { client, credential, scope };
}
