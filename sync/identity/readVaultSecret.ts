import type { SecretClient } from "@azure/keyvault-secrets";
import type { KeyVaultSecretLocation } from "../config/settings";
import { ExitCode, ReplicatorError } from "../errors";
import { describeTransportFault, isCertificateFault, isErrorLike } from "../transport/transportFault";
import { rememberSecret, scrubSecrets } from "../scrubSecrets";

/** One read of the replicator's client secret from its Key Vault mirror. */
export interface VaultSecret {
  value: string;
  /** The secret version read: a rotation writes a new one. */
  version: string;
  /** The infra mirror tags the secret with the app it belongs to; null when untagged. */
  clientIdTag: string | null;
}

/**
 * Reads the latest version of the secret. The value is remembered for scrubbing before anything else
 * happens with it, so no message, log line or output of this process can carry it.
 */
export async function readVaultSecret(
  client: SecretClient,
  location: KeyVaultSecretLocation,
): Promise<VaultSecret> {
  let secret;
  try {
    secret = await client.getSecret(location.secretName);
  } catch (error) {
    throw explainKeyVaultError(error, location);
  }
  const value = secret.value ?? "";
  if (value !== "") rememberSecret(value);
  if (value === "") {
    throw new ReplicatorError({
      code: "key-vault-secret-empty",
      field: "keyVaultSecretName",
      message: `The Key Vault secret ${secretUrl(location)} is empty.`,
      fix: "Run `pulumi up` for this tenant's stack: it writes the current client secret into the vault.",
      exitCode: ExitCode.Authentication,
    });
  }
  const clientIdTag = secret.properties.tags?.clientId;
  return {
    value,
    version: secret.properties.version ?? "",
    clientIdTag: typeof clientIdTag === "string" && clientIdTag !== "" ? clientIdTag.toLowerCase() : null,
  };
}

const READER =
  "the identity DefaultAzureCredential signs in with (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET of a " +
  "vault reader, workload identity, managed identity, or `az login`)";

/** What went wrong reading the secret, whose fault it is, and the fix: names the setting involved. */
export function explainKeyVaultError(error: unknown, location: KeyVaultSecretLocation): ReplicatorError {
  if (error instanceof ReplicatorError) return error;
  const where = secretUrl(location);
  const text = isErrorLike(error) ? scrubSecrets(error.message) : String(error);
  const firstLine = text.split(/\r?\n/)[0]?.slice(0, 400) ?? "";
  const status = statusOf(error);
  const cause = isErrorLike(error) ? sanitised(error, text) : undefined;
  const base = { ...(cause !== undefined && { cause }) };

  if (status === 404) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-secret-not-found",
      field: "keyVaultSecretName",
      message: `The vault ${location.vaultUrl} has no secret named "${location.secretName}" (404 SecretNotFound).`,
      fix:
        "Check --key-vault-secret-name / ENTRA_REPLICATOR_KEY_VAULT_SECRET against `pulumi stack output keyVault` " +
        "(secretName), and that the stack's Key Vault mirror is configured and `pulumi up` has run.",
      exitCode: ExitCode.Usage,
    });
  }
  if (status === 403 && /disabled secret/i.test(text)) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-secret-disabled",
      field: "keyVaultSecretName",
      message: `The Key Vault secret ${where} is disabled.`,
      fix: "Enable it (az keyvault secret set-attributes --enabled true …) or run `pulumi up`, which writes it enabled.",
      exitCode: ExitCode.Permission,
    });
  }
  if (status === 403) {
    const caller = /(appid=[^;'\s]+(?:;oid=[^;'\s]+)?)/.exec(text)?.[1];
    return new ReplicatorError({
      ...base,
      code: "key-vault-forbidden",
      field: "keyVaultUrl",
      message:
        `Key Vault ${location.vaultUrl} refused to let ${caller === undefined ? "the vault reader" : caller} read ` +
        `secret "${location.secretName}" (403): ${firstLine}`,
      fix:
        `Give ${READER} read access to the secret: the "Key Vault Secrets User" role on the vault or the secret ` +
        '(RBAC vaults: az role assignment create --role "Key Vault Secrets User" --assignee <object id> --scope ' +
        "<vault or secret id>), or a \"get\" secret permission in the vault's access policies (the infra's " +
        "keyVault.readerObjectIds when the stack creates the vault).",
      exitCode: ExitCode.Permission,
    });
  }
  if (status === 401) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-unauthorized",
      field: "keyVaultUrl",
      message: `Key Vault ${location.vaultUrl} rejected the vault reader's token (401): ${firstLine}`,
      fix: `Check that ${READER} belongs to the vault's tenant and cloud (--cloud / AZURE_AUTHORITY_HOST).`,
      exitCode: ExitCode.Authentication,
    });
  }
  if (/challenge resource/i.test(text)) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-url-invalid",
      field: "keyVaultUrl",
      message: `${location.vaultUrl} is not a Key Vault host: its challenge names a resource of another domain.`,
      fix: "Give the vault's own URL, e.g. https://kv-contoso.vault.azure.net (stack output keyVault.vaultUri).",
      exitCode: ExitCode.Usage,
    });
  }
  if (isNamed(error, "CredentialUnavailableError") || isNamed(error, "AggregateAuthenticationError")) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-reader-unavailable",
      field: "keyVaultUrl",
      message: `No identity is available to read the client secret from ${location.vaultUrl}: ${firstLine}`,
      fix:
        "Run where a managed identity or workload identity is assigned, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and " +
        "AZURE_CLIENT_SECRET of a vault reader app (not the replicator app), or sign in with `az login`.",
      exitCode: ExitCode.Authentication,
    });
  }
  if (isNamed(error, "AuthenticationError") || isNamed(error, "AuthenticationRequiredError")) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-reader-sign-in-failed",
      field: "keyVaultUrl",
      message: `The vault reader could not get a token for ${location.vaultUrl}: ${firstLine}`,
      fix: `Check ${READER}: its tenant, client id and credential.`,
      exitCode: ExitCode.Authentication,
    });
  }
  const fault = describeTransportFault(error);
  if (fault !== null || (status !== null && (status === 429 || status >= 500))) {
    return new ReplicatorError({
      ...base,
      code: "key-vault-unreachable",
      field: "keyVaultUrl",
      message:
        `Could not read the client secret from ${location.vaultUrl}: ` +
        (fault === null
          ? `the vault answered ${status} after retries`
          : `${fault.description} (${fault.code})`) +
        ".",
      fix:
        fault !== null && isCertificateFault(fault.code)
          ? "Trust the vault's CA (NODE_EXTRA_CA_CERTS) or fix --key-vault-url / ENTRA_REPLICATOR_KEY_VAULT_URL."
          : "Check --key-vault-url / ENTRA_REPLICATOR_KEY_VAULT_URL (stack output keyVault.vaultUri), the network, " +
            "proxy and the vault's firewall (its allowed networks), then run again.",
      exitCode: ExitCode.Unavailable,
    });
  }
  return new ReplicatorError({
    ...base,
    code: "key-vault-failed",
    field: "keyVaultUrl",
    message: `Reading secret "${location.secretName}" from ${location.vaultUrl} failed${status === null ? "" : ` (${status})`}: ${firstLine}`,
    fix: "Check --key-vault-url and --key-vault-secret-name against `pulumi stack output keyVault`, then run again.",
    exitCode: ExitCode.Failure,
  });
}

function secretUrl(location: KeyVaultSecretLocation): string {
  return `${location.vaultUrl}/secrets/${location.secretName}`;
}

function statusOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === "number" ? statusCode : null;
}

function isNamed(error: unknown, name: string): boolean {
  return isErrorLike(error) && error.name === name;
}

/** Name, status and scrubbed message only: the SDK's error holds the request and response objects. */
function sanitised(error: Error, scrubbedMessage: string): Error {
  const copy = new Error(scrubbedMessage);
  copy.name = error.name;
  const status = statusOf(error);
  if (status !== null) Object.assign(copy, { statusCode: status });
  return copy;
}
