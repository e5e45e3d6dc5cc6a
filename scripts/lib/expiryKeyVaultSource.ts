import type { SecretClient, SecretProperties } from "@azure/keyvault-secrets";
import { CLOUDS } from "../../sync/config/clouds";
import { createVaultClient } from "../../sync/identity/vaultClient";
import { scrubSecrets } from "../../sync/scrubSecrets";
import type { VaultSecretReading } from "./expiryKeyVault";

/**
 * Reads the Key Vault mirror's attributes through the list operation, which returns attributes and tags
 * but never a value: the check cannot leak the secret, and its identity needs only metadata access
 * ("Key Vault Reader", or a "list" secret permission), not the right to read the secret itself.
 * The identity is DefaultAzureCredential's (AZURE_* variables, workload or managed identity, az login).
 */
export async function readVaultSecrets(
  vaultUrl: string,
  secretNames: readonly string[],
  client: SecretClient = createVaultClient(vaultUrl, {
    authorityHost: process.env.AZURE_AUTHORITY_HOST ?? CLOUDS.public.authorityHost,
  }),
): Promise<VaultSecretReading[]> {
  const found = new Map<string, SecretProperties>();
  try {
    for await (const properties of client.listPropertiesOfSecrets()) {
      if (secretNames.includes(properties.name)) found.set(properties.name, properties);
    }
  } catch (error) {
    const readError = listFailure(error, vaultUrl);
    return secretNames.map((secretName) => ({ vaultUrl, secretName, readError }));
  }
  return secretNames.map((secretName) => {
    const properties = found.get(secretName);
    if (properties === undefined) {
      return {
        vaultUrl,
        secretName,
        readError:
          `the vault has no secret named "${secretName}": check --secret-name against ` +
          "`pulumi stack output keyVault` (secretName) and that the stack's Key Vault mirror is configured",
      };
    }
    return {
      vaultUrl,
      secretName,
      properties: {
        enabled: properties.enabled !== false,
        expiresOn: properties.expiresOn ?? null,
        tags: properties.tags ?? {},
      },
    };
  });
}

function listFailure(error: unknown, vaultUrl: string): string {
  const { statusCode, message, name } = (error ?? {}) as {
    statusCode?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const detail = scrubSecrets(typeof message === "string" ? message : String(error)).split(/\r?\n/)[0] ?? "";
  if (statusCode === 403) {
    return (
      `the vault refused to list secrets (403): ${detail} — give the checking identity "Key Vault Reader" on the ` +
      'vault (metadata only), or a "list" secret permission in its access policies'
    );
  }
  if (name === "CredentialUnavailableError" || name === "AggregateAuthenticationError") {
    return (
      `no identity to read ${vaultUrl} with: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET of a ` +
      "reader, use a workload or managed identity, or `az login`"
    );
  }
  return `could not list the secrets of ${vaultUrl}${typeof statusCode === "number" ? ` (${statusCode})` : ""}: ${detail} — check --key-vault-url (stack output keyVault.vaultUri) and the network`;
}
