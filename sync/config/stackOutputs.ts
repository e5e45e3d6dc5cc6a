import { KEY_VAULT_OUTPUT, MASKED_SECRET, Roger365FormLabel, STACK_OUTPUT as OUT } from "../contract";
import { ExitCode, ReplicatorError } from "../errors";

/** What `pulumi stack output --json --show-secrets` can contribute to the sync's settings. */
export interface StackOutputSettings {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  keyVaultUrl?: string;
  keyVaultSecretName?: string;
  defaultCountry?: string;
}

/**
 * Reads the infra program's outputs: `tenantId`, `clientId`, `clientSecret`, `countryCode`, and the
 * ROGER365 settings table (`roger365["Country Code"]`, `roger365["Tenant Id"]`, …) as a fallback.
 * The Key Vault mirror (`keyVault.vaultUri`, `keyVault.secretName`) is the secret's source only when the
 * secret itself is not in the document: then the outputs may come without `--show-secrets`.
 */
export function parseStackOutputs(text: string, source: string): StackOutputSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own message may quote the input (newer V8 does), and this input holds the secret.
    throw new ReplicatorError({
      code: "stack-outputs-invalid",
      field: "stackOutputs",
      message: `The stack outputs from ${source} are not JSON.`,
      fix: "Pass the output of `pulumi stack output --json --show-secrets` (a file, or - for stdin).",
      exitCode: ExitCode.Usage,
    });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ReplicatorError({
      code: "stack-outputs-invalid",
      field: "stackOutputs",
      message: `The stack outputs from ${source} are not a JSON object.`,
      fix: "Pass the output of `pulumi stack output --json --show-secrets` (a file, or - for stdin).",
      exitCode: ExitCode.Usage,
    });
  }
  const outputs = parsed as Record<string, unknown>;
  const roger365: Partial<Record<Roger365FormLabel, unknown>> = isRecord(outputs[OUT.roger365])
    ? (outputs[OUT.roger365] as Record<string, unknown>)
    : {};
  const pick = (field: string, ...candidates: unknown[]): string | undefined => {
    const value = candidates.find((candidate) => candidate !== undefined && candidate !== null);
    if (value === undefined) return undefined;
    if (value === MASKED_SECRET) {
      throw new ReplicatorError({
        code: "stack-outputs-masked",
        field: `stackOutputs.${field}`,
        message: `The stack output '${field}' from ${source} is masked as "[secret]".`,
        fix: "Export the outputs with `pulumi stack output --json --show-secrets`.",
        exitCode: ExitCode.Usage,
      });
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw new ReplicatorError({
        code: "stack-outputs-invalid",
        field: `stackOutputs.${field}`,
        message: `The stack output '${field}' from ${source} is not a string.`,
        fix: "Check the infra program's outputs with `pulumi stack output --json --show-secrets`.",
        exitCode: ExitCode.Usage,
      });
    }
    return String(value);
  };
  const keyVaultOutput = outputs[OUT.keyVault];
  const keyVault = isRecord(keyVaultOutput) ? keyVaultOutput : null;
  const secretOutputs = [outputs[OUT.clientSecret], roger365["Client Secret"]];
  const secretShown = secretOutputs.some(
    (value) => value !== undefined && value !== null && value !== MASKED_SECRET,
  );
  const fromVault = keyVault !== null && !secretShown;
  return dropUndefined({
    tenantId: pick(OUT.tenantId, outputs[OUT.tenantId], roger365["Tenant Id"]),
    clientId: pick(OUT.clientId, outputs[OUT.clientId], roger365["Client id"]),
    ...(fromVault
      ? {
          keyVaultUrl: pick(
            `${OUT.keyVault}.${KEY_VAULT_OUTPUT.vaultUri}`,
            keyVault[KEY_VAULT_OUTPUT.vaultUri],
          ),
          keyVaultSecretName: pick(
            `${OUT.keyVault}.${KEY_VAULT_OUTPUT.secretName}`,
            keyVault[KEY_VAULT_OUTPUT.secretName],
          ),
        }
      : { clientSecret: pick(OUT.clientSecret, ...secretOutputs) }),
    defaultCountry: pick(OUT.countryCode, outputs[OUT.countryCode], roger365["Country Code"]),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
