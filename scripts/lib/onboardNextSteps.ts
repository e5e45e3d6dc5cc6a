/**
 * What the operator does after onboard-tenant wrote the stack file. The stack is created HERE, with its
 * secrets provider, and the file that `pulumi stack init` completes (it adds `secretsprovider:` and, for a
 * KMS provider, `encryptedkey:`) is what gets committed: pulumi/actions applies its `secrets-provider`
 * input only when it creates a stack (src/main.ts: createOrSelectStack), so a stack created by the
 * pipeline with that input unset, or selected without a committed provider, would silently encrypt every
 * tenant's client secret with the passphrase provider.
 */

/** Cloud KMS providers and the passphrase provider, as `pulumi stack init --secrets-provider` takes them. */
const SECRETS_PROVIDER = /^(?:passphrase|(?:azurekeyvault|awskms|gcpkms|hashivault):\/\/\S+)$/;

export class SecretsProviderError extends Error {
  override readonly name = "SecretsProviderError";
}

export function checkSecretsProvider(provider: string | undefined): void {
  if (provider === undefined || SECRETS_PROVIDER.test(provider)) return;
  throw new SecretsProviderError(
    `--secrets-provider is "${provider}", not a Pulumi secrets provider. ` +
      "Fix: pass e.g. azurekeyvault://<vault>.vault.azure.net/keys/<key> (or awskms://, gcpkms://, hashivault://, passphrase); " +
      "leave it out on Pulumi Cloud, which encrypts with its own per-stack key.",
  );
}

export function nextSteps(stack: string, path: string, secretsProvider: string | undefined): string[] {
  const quoted = (value: string) =>
    /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  const init =
    secretsProvider === undefined
      ? `  pulumi stack init ${stack}   # Pulumi Cloud; on a self-managed backend add --secrets-provider <azurekeyvault://…>`
      : `  pulumi stack init ${stack} --secrets-provider ${quoted(secretsProvider)}`;
  return [
    "Next:",
    init,
    `    (records secretsprovider/encryptedkey in ${path}: the pipeline never picks a secrets provider itself)`,
    ...(secretsProvider === "passphrase"
      ? [
          "    (passphrase: set the environment secret PULUMI_CONFIG_PASSPHRASE; the pipeline refuses an empty one)",
        ]
      : []),
    `  git add ${path} && git commit -m "Onboard tenant ${stack}"   # then open a pull request`,
    "  The pull request's preview shows the tenant's resources; merging deploys it.",
  ];
}
