import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { graphHostname, isMicrosoftAuthorityHost } from "../config/clouds";
import type { CredentialSettings, EndpointSettings } from "../config/settings";
import { KeyVaultSecretCredential } from "../keyVault/keyVaultSecretCredential";
import { createVaultClient, type VaultClientOptions } from "../keyVault/vaultClient";
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

export interface KeyVaultReadOptions extends Omit<VaultClientOptions, "authorityHost"> {
  onReread?: (info: { secretName: string; previousVersion: string; version: string }) => void;
}

/** The replicator app's credential: its secret given, or read from Key Vault (re-read once if refused). */
export function createCredential(
  settings: CredentialSettings & EndpointSettings,
  keyVault: KeyVaultReadOptions = {},
): TokenCredential {
  const { clientSecret } = settings;
  if (typeof clientSecret !== "string") {
    return new KeyVaultSecretCredential({
      tenantId: settings.tenantId,
      clientId: settings.clientId,
      authorityHost: settings.authorityHost,
      location: clientSecret,
      vault: createVaultClient(clientSecret.vaultUrl, { ...keyVault, authorityHost: settings.authorityHost }),
      ...(keyVault.onReread !== undefined && { onReread: keyVault.onReread }),
    });
  }
  return new ClientSecretCredential(settings.tenantId, settings.clientId, clientSecret, {
    authorityHost: settings.authorityHost,
    // Instance discovery calls login.microsoftonline.com: impossible offline and wrong for a custom host.
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(settings.authorityHost),
  });
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
