import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { isMicrosoftAuthorityHost } from "../config/clouds";
import type { CredentialSettings, EndpointSettings } from "../config/settings";
import { KeyVaultSecretCredential } from "./keyVaultSecretCredential";
import { createVaultClient, type VaultClientOptions } from "./vaultClient";

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
