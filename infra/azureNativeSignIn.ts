/**
 * What azure-native needs to sign in for the Key Vault mirror, checked before any resource is declared.
 *
 * azure-native's OIDC credential refuses to start without a subscription id
 * (provider/pkg/provider/auth_azidentity.go, newOidcCredential: "A Subscription ID must be configured
 * when authenticating with OIDC."), and it reads `azure-native:subscriptionId` or ARM_SUBSCRIPTION_ID. A
 * workflow that exports ARM_SUBSCRIPTION_ID="" from an unset repository variable looks configured and is
 * not. Without a vault the program declares no azure-native resource, so nothing is needed.
 */
export class AzureNativeSignInError extends Error {
  override readonly name = "AzureNativeSignInError";
}

export interface AzureNativeSignInInput {
  /** Does the stack mirror the secret into Key Vault (azure-native resources)? */
  keyVault: boolean;
  /** The stack config, keys with their namespace (`azure-native:subscriptionId`). */
  config: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

const set = (value: unknown) => typeof value === "string" && value.trim() !== "";

export function requireAzureNativeSubscription({ keyVault, config, env }: AzureNativeSignInInput): void {
  if (!keyVault) return;
  const oidc = [config["azure-native:useOidc"], env.ARM_USE_OIDC].some(
    (value) => String(value).trim().toLowerCase() === "true",
  );
  if (!oidc) return;
  if (set(config["azure-native:subscriptionId"]) || set(env.ARM_SUBSCRIPTION_ID)) return;
  throw new AzureNativeSignInError(
    "azure-native:subscriptionId is not set (ARM_SUBSCRIPTION_ID is " +
      (env.ARM_SUBSCRIPTION_ID === undefined ? "unset" : "empty") +
      "), and the Key Vault mirror signs in with OIDC, which azure-native refuses without a subscription. " +
      "Fix: set the repository variable AZURE_SUBSCRIPTION_ID to the vault's subscription, or " +
      "`pulumi config set azure-native:subscriptionId <subscription id> --stack <stack>` " +
      "(onboarding: --key-vault-subscription-id).",
  );
}
