import { AzureNativeSignInError, requireAzureNativeSubscription } from "./azureNativeSignIn";

const SUBSCRIPTION = "33333333-3333-4333-8333-333333333333";

describe("requireAzureNativeSubscription (issue 9, finding 4)", () => {
  it("refuses a vault under OIDC when the workflow exported an empty ARM_SUBSCRIPTION_ID", () => {
    expect(() =>
      requireAzureNativeSubscription({
        keyVault: true,
        config: {},
        env: { ARM_USE_OIDC: "true", ARM_SUBSCRIPTION_ID: "" },
      }),
    ).toThrow(
      new AzureNativeSignInError(
        "azure-native:subscriptionId is not set (ARM_SUBSCRIPTION_ID is empty), and the Key Vault mirror signs in with OIDC, which azure-native refuses without a subscription. Fix: set the repository variable AZURE_SUBSCRIPTION_ID to the vault's subscription, or `pulumi config set azure-native:subscriptionId <subscription id> --stack <stack>` (onboarding: --key-vault-subscription-id).",
      ),
    );
  });

  it.each<[string, Parameters<typeof requireAzureNativeSubscription>[0]]>([
    ["no vault: no azure-native resource", { keyVault: false, config: {}, env: { ARM_USE_OIDC: "true" } }],
    ["the Azure CLI login finds the subscription itself", { keyVault: true, config: {}, env: {} }],
    [
      "the subscription from the environment",
      { keyVault: true, config: {}, env: { ARM_USE_OIDC: "true", ARM_SUBSCRIPTION_ID: SUBSCRIPTION } },
    ],
    [
      "the subscription from the stack file",
      {
        keyVault: true,
        config: { "azure-native:subscriptionId": SUBSCRIPTION },
        env: { ARM_USE_OIDC: "true", ARM_SUBSCRIPTION_ID: "" },
      },
    ],
  ])("accepts %s", (_label, input) => {
    expect(() => requireAzureNativeSubscription(input)).not.toThrow();
  });

  it("counts OIDC switched on in the stack file too", () => {
    expect(() =>
      requireAzureNativeSubscription({ keyVault: true, config: { "azure-native:useOidc": "true" }, env: {} }),
    ).toThrow(/ARM_SUBSCRIPTION_ID is unset/);
  });
});
