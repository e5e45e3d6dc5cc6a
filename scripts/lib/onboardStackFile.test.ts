import { parse } from "yaml";

import { thrownError } from "../../sync/testing/thrownError";

import { ConfigError, validateStackFileConfig } from "../../infra/config";
import {
  OnboardingError,
  renderStackFile,
  stackConfigOf,
  validateOnboarding,
  type TenantOnboarding,
} from "./onboardStackFile";

const NOW = new Date("2026-11-27T09:30:00Z");

const contoso: TenantOnboarding = {
  stack: "contoso",
  tenantId: "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
  countryCode: "no",
  deployerObjectId: "5A1F0000-4F89-41D3-9A0C-0305E82C3301",
  ownerObjectIds: ["6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f"],
  grantAdminConsent: true,
  anchor: "2026-11-27",
};

describe("renderStackFile", () => {
  it("writes a commented stack file with the tenant, the explicit rotation policy and quoted strings", () => {
    expect(renderStackFile(contoso, "npm run onboard-tenant -- --stack contoso", NOW)).toBe(
      [
        '# Tenant stack "contoso" of entra-replicator.',
        "# Made on 2026-11-27 by:",
        "#   npm run onboard-tenant -- --stack contoso",
        "# Every key is explained in Pulumi.dev.yaml. Commit this file in a pull request: the pipeline previews",
        "# the tenant there and deploys it on merge. Rotation windows start at secretRotationAnchor; keep it fixed.",
        "",
        "config:",
        '  azuread:tenantId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301"',
        // Quoted, or YAML 1.1 readers take Norway for `false`.
        '  entra-replicator:countryCode: "NO"',
        '  entra-replicator:deployerObjectId: "5a1f0000-4f89-41d3-9a0c-0305e82c3301"',
        "  entra-replicator:ownerObjectIds:",
        '    - "6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f"',
        "  entra-replicator:grantAdminConsent: true",
        "  entra-replicator:secretRotationDays: 60",
        "  entra-replicator:secretValidityDays: 180",
        "  entra-replicator:secretOverlapDays: 30",
        '  entra-replicator:secretRotationAnchor: "2026-11-27"',
        "",
      ].join("\n"),
    );
  });

  it("round-trips through YAML into a config the program accepts", () => {
    const withVault: TenantOnboarding = {
      ...contoso,
      grantAdminConsent: false,
      rotationDays: "90",
      validityDays: 365,
      overlapDays: "45",
      keyVaultSubscriptionId: "9B2C4D6E-8F01-4A23-B456-7890ABCDEF12",
      keyVault: { resourceGroupName: "rg-identity", vaultName: "kv-contoso", secretName: "contoso-secret" },
    };
    const file = parse(renderStackFile(withVault, "npm run onboard-tenant", NOW)) as {
      config: Record<string, unknown>;
    };
    expect(file.config).toEqual(stackConfigOf(withVault));
    // The vault lives in the customer's tenant: azure-native signs in there, not to the pipeline's home.
    expect([file.config["azure-native:tenantId"], file.config["azure-native:subscriptionId"]]).toEqual([
      "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      "9b2c4d6e-8f01-4a23-b456-7890abcdef12",
    ]);
    expect(validateStackFileConfig(file.config, NOW)).toEqual({
      displayName: "ROGER365.io Azure Entra replicator",
      countryCode: "NO",
      deployerObjectId: "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      ownerObjectIds: ["6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f"],
      grantAdminConsent: false,
      secretValidityDays: 365,
      secretRotationDays: 90,
      secretOverlapDays: 45,
      secretRotationAnchor: "2026-11-27",
      keyVault: {
        resourceGroupName: "rg-identity",
        vaultName: "kv-contoso",
        secretName: "contoso-secret",
        create: false,
        readerObjectIds: [],
      },
    });
  });
});

describe("validateOnboarding", () => {
  it("returns the config the program will use", () => {
    expect(validateOnboarding(contoso, NOW).countryCode).toBe("NO");
  });

  it.each<[string, Partial<TenantOnboarding>, string]>([
    [
      "a malformed tenant id",
      { tenantId: "contoso.onmicrosoft.com" },
      'azuread:tenantId is "contoso.onmicrosoft.com", not a tenant id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). ' +
        "Fix: pass --tenant-id <Directory (tenant) ID> from Entra ID → Overview.",
    ],
    [
      "the nil tenant id",
      { tenantId: "00000000-0000-0000-0000-000000000000" },
      'azuread:tenantId is "00000000-0000-0000-0000-000000000000", not a tenant id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). ' +
        "Fix: pass --tenant-id <Directory (tenant) ID> from Entra ID → Overview.",
    ],
    [
      "a stack name with a slash",
      { stack: "acme/contoso" },
      '--stack "acme/contoso" is not a stack name (1–100 letters, digits, - _ .). Fix: name the stack after the customer, e.g. --stack contoso.',
    ],
    [
      "a Key Vault subscription without a Key Vault",
      { keyVaultSubscriptionId: "9b2c4d6e-8f01-4a23-b456-7890abcdef12" },
      "--key-vault-subscription-id is set, but no Key Vault is. Fix: add --key-vault-resource-group and --key-vault-name, or drop --key-vault-subscription-id.",
    ],
    [
      "a malformed Key Vault subscription",
      {
        keyVaultSubscriptionId: "Pay-As-You-Go",
        keyVault: { resourceGroupName: "rg", vaultName: "kv-contoso" },
      },
      'azure-native:subscriptionId is "Pay-As-You-Go", not a subscription id (a GUID). ' +
        "Fix: pass --key-vault-subscription-id <id> from `az account list -o table` in the customer's tenant.",
    ],
    [
      "the example stack's name",
      { stack: "dev" },
      '--stack "dev" is the example stack, which the pipelines never deploy. Fix: name the stack after the customer, e.g. --stack contoso.',
    ],
  ])("refuses %s", (_case, change, message) => {
    expect(() => validateOnboarding({ ...contoso, ...change }, NOW)).toThrow(new OnboardingError(message));
  });

  it.each<[string, Partial<TenantOnboarding>, string]>([
    [
      "a country that is not ISO alpha-2",
      { countryCode: "UK" },
      'entra-replicator:countryCode is "UK", which is not an ISO 3166-1 alpha-2 code. Fix: pulumi config set countryCode GB',
    ],
    [
      "a validity above 730 days",
      { validityDays: "900" },
      "entra-replicator:secretValidityDays is 900; Microsoft Entra accepts client secrets of at most 730 days (and tenant policies may allow less). Fix: pulumi config set secretValidityDays 180",
    ],
    [
      "a rotation period that is not a number",
      { rotationDays: "monthly" },
      'entra-replicator:secretRotationDays is "monthly", not a whole number of days ≥ 1. Fix: pulumi config set secretRotationDays 60',
    ],
    [
      "an anchor in the future",
      { anchor: "2026-12-01" },
      "entra-replicator:secretRotationAnchor is 2026-12-01, which is in the future (today is 2026-11-27 UTC): the schedule has no window yet. Fix: pulumi config set secretRotationAnchor 2026-11-27 or any earlier date.",
    ],
    [
      "a malformed owner",
      { ownerObjectIds: ["6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f", "alice@contoso.com"] },
      "entra-replicator:ownerObjectIds[1] is \"alice@contoso.com\", not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). Fix: pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
    ],
    [
      "a Key Vault without its name",
      { keyVault: { resourceGroupName: "rg-identity" } },
      "entra-replicator:keyVault.vaultName is missing. Fix: pulumi config set --path keyVault.vaultName kv-entra-replicator",
    ],
  ])("refuses %s with the program's own error", (_case, change, message) => {
    const error = thrownError(() => validateOnboarding({ ...contoso, ...change }, NOW));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(message);
  });
});
