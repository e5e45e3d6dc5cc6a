import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

const ROTATE = "Rotate it with `pulumi up` in infra/ and pass the new value (the value, not its id).";

export const IDENTITY_ERROR_CODES: ErrorCodeArea = {
  area: "Sign-in (Microsoft identity platform) and Key Vault",
  codes: [
    {
      code: "credential-missing",
      exitCode: ExitCode.Usage,
      meaning: "The identity library was given no tenant id, client id or client secret.",
      fix: "Set the one named (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or their flags).",
    },
    {
      code: "tenant-id-invalid",
      exitCode: ExitCode.Usage,
      meaning: "The sign-in service refused the tenant id as malformed.",
      fix: "Use the directory (tenant) id, a GUID, from the stack outputs.",
    },
    {
      code: "tenant-not-found",
      exitCode: ExitCode.Authentication,
      meaning: "The tenant does not exist at this authority (AADSTS90002, AADSTS900023).",
      fix: "Check the tenant id, and --cloud / AZURE_AUTHORITY_HOST for a national-cloud tenant.",
    },
    {
      code: "client-not-found",
      exitCode: ExitCode.Authentication,
      meaning: "The application id is not known in the tenant (AADSTS700016).",
      fix: "Check the client id from the stack outputs, and that the app was consented in this tenant.",
    },
    {
      code: "client-secret-invalid",
      exitCode: ExitCode.Authentication,
      meaning: "The client secret is wrong or expired (AADSTS7000215).",
      fix: ROTATE,
    },
    {
      code: "client-secret-expired",
      exitCode: ExitCode.Authentication,
      meaning: "The client secret has expired (AADSTS7000222).",
      fix: ROTATE,
    },
    {
      code: "authority-unreachable",
      exitCode: ExitCode.Unavailable,
      meaning: "The sign-in endpoint cannot be reached, is not trusted, or has no such tenant metadata.",
      fix: "Check AZURE_AUTHORITY_HOST / --cloud, the network or proxy, and the CA the machine trusts.",
    },
    {
      code: "key-vault-url-invalid",
      exitCode: ExitCode.Usage,
      meaning: "The Key Vault URL is not a vault the SDK accepts.",
      fix: "Use the vault's https origin (stack output keyVault.vaultUri).",
    },
    {
      code: "key-vault-secret-not-found",
      exitCode: ExitCode.Usage,
      meaning: "The vault has no secret of that name (404 SecretNotFound).",
      fix: "Use the secret name from stack output keyVault.secretName.",
    },
    {
      code: "key-vault-secret-disabled",
      exitCode: ExitCode.Permission,
      meaning: "The secret exists but is disabled in the vault.",
      fix: "Enable it, or run `pulumi up` to write the current secret again.",
    },
    {
      code: "key-vault-secret-empty",
      exitCode: ExitCode.Authentication,
      meaning: "The vault's secret has no value.",
      fix: "Run `pulumi up` in infra/ to write the current client secret into the vault.",
    },
    {
      code: "key-vault-forbidden",
      exitCode: ExitCode.Permission,
      meaning: "The vault reader identity may not read secrets (403).",
      fix: "Give the reader identity the Key Vault Secrets User role on the vault.",
    },
    {
      code: "key-vault-unauthorized",
      exitCode: ExitCode.Authentication,
      meaning: "The vault refused the reader identity's token (401).",
      fix: "Check that the reader identity belongs to the vault's tenant and cloud.",
    },
    {
      code: "key-vault-reader-unavailable",
      exitCode: ExitCode.Authentication,
      meaning: "DefaultAzureCredential found no identity to read the vault with.",
      fix: "Give the reader identity: AZURE_* variables of a reader app, workload or managed identity, or az login.",
    },
    {
      code: "key-vault-reader-sign-in-failed",
      exitCode: ExitCode.Authentication,
      meaning: "The vault reader identity could not sign in.",
      fix: "Check the reader identity's credentials (not the replicator app's).",
    },
    {
      code: "key-vault-unreachable",
      exitCode: ExitCode.Unavailable,
      meaning: "The vault cannot be reached.",
      fix: "Check --key-vault-url, the network or proxy, then run again.",
    },
    {
      code: "key-vault-failed",
      exitCode: ExitCode.Failure,
      meaning: "Reading the secret failed for another reason the vault reported.",
      fix: "Run again; the message carries the vault's answer.",
    },
  ],
};
