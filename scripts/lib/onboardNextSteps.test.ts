import { checkSecretsProvider, nextSteps, SecretsProviderError } from "./onboardNextSteps";

describe("onboarding's next steps (issue 9, finding 6)", () => {
  it("creates the stack with the secrets provider before the file is committed", () => {
    expect(
      nextSteps("contoso", "Pulumi.contoso.yaml", "azurekeyvault://kv-state.vault.azure.net/keys/pulumi"),
    ).toEqual([
      "Next:",
      "  pulumi stack init contoso --secrets-provider azurekeyvault://kv-state.vault.azure.net/keys/pulumi",
      "    (records secretsprovider/encryptedkey in Pulumi.contoso.yaml: the pipeline never picks a secrets provider itself)",
      '  git add Pulumi.contoso.yaml && git commit -m "Onboard tenant contoso"   # then open a pull request',
      "  The pull request's preview shows the tenant's resources; merging deploys it.",
    ]);
  });

  it("names the passphrase the pipeline needs", () => {
    expect(nextSteps("contoso", "Pulumi.contoso.yaml", "passphrase")).toContain(
      "    (passphrase: set the environment secret PULUMI_CONFIG_PASSPHRASE; the pipeline refuses an empty one)",
    );
  });

  it("without a provider still creates the stack here (Pulumi Cloud)", () => {
    expect(nextSteps("contoso", "Pulumi.contoso.yaml", undefined)[1]).toBe(
      "  pulumi stack init contoso   # Pulumi Cloud; on a self-managed backend add --secrets-provider <azurekeyvault://…>",
    );
  });

  it("refuses what is not a secrets provider", () => {
    expect(() => checkSecretsProvider("https://kv-state.vault.azure.net/keys/pulumi")).toThrow(
      SecretsProviderError,
    );
    expect(() => checkSecretsProvider("azurekeyvault://kv-state.vault.azure.net/keys/pulumi")).not.toThrow();
    expect(() => checkSecretsProvider(undefined)).not.toThrow();
  });
});
