import {
  ConfigError,
  defaultKeyVaultSecretName,
  validateReplicatorConfig,
  validateStackFileConfig,
  ReplicatorConfig,
} from "./config";

const now = new Date("2026-11-27T10:00:00Z");
const deployer = "5a1f0000-4f89-41d3-9a0c-0305e82c3301";
const base = { countryCode: "DE", deployerObjectId: deployer, secretRotationAnchor: "2026-01-01" };
const owner = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a ConfigError, but the config was accepted");
}

describe("validateReplicatorConfig", () => {
  it("applies the documented defaults", () => {
    expect(validateReplicatorConfig(base, now)).toEqual<ReplicatorConfig>({
      displayName: "ROGER365.io Azure Entra replicator",
      countryCode: "DE",
      deployerObjectId: deployer,
      ownerObjectIds: [],
      grantAdminConsent: true,
      secretValidityDays: 180,
      secretRotationDays: 60,
      secretOverlapDays: 30,
      secretRotationAnchor: "2026-01-01",
    });
  });

  it("accepts YAML values and normalises case and duplicates", () => {
    expect(
      validateReplicatorConfig(
        {
          displayName: "  Contoso replicator ",
          countryCode: "gb",
          deployerObjectId: ` ${deployer.toUpperCase()} `,
          ownerObjectIds: [owner.toUpperCase(), owner],
          grantAdminConsent: false,
          secretValidityDays: 365,
          secretRotationDays: 90,
          secretOverlapDays: 45,
          secretRotationAnchor: "2026-11-27",
          keyVault: { resourceGroupName: "rg-identity", vaultName: "kv-contoso", secretName: "roger365" },
        },
        now,
      ),
    ).toEqual<ReplicatorConfig>({
      displayName: "Contoso replicator",
      countryCode: "GB",
      deployerObjectId: deployer,
      ownerObjectIds: [owner],
      grantAdminConsent: false,
      secretValidityDays: 365,
      secretRotationDays: 90,
      secretOverlapDays: 45,
      secretRotationAnchor: "2026-11-27",
      keyVault: {
        resourceGroupName: "rg-identity",
        vaultName: "kv-contoso",
        secretName: "roger365",
        create: false,
        readerObjectIds: [],
      },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "missing country",
      { secretRotationAnchor: "2026-01-01" },
      "entra-replicator:countryCode is missing: it is the ISO 3166-1 alpha-2 code of the country whose local phone numbers carry no country prefix (ROGER365's default country). Fix: pulumi config set countryCode DE",
    ],
    [
      "UK instead of GB",
      { ...base, countryCode: "UK" },
      'entra-replicator:countryCode is "UK", which is not an ISO 3166-1 alpha-2 code. Fix: pulumi config set countryCode GB',
    ],
    [
      "alpha-3 country",
      { ...base, countryCode: "DEU" },
      'entra-replicator:countryCode is "DEU", not an ISO 3166-1 alpha-2 country code (two letters, e.g. DE, GB, US). Fix: pulumi config set countryCode <two-letter code>',
    ],
    [
      "country without numbering plan",
      { ...base, countryCode: "AQ" },
      'entra-replicator:countryCode is "AQ", a territory without its own telephone numbering plan, so local numbers cannot be interpreted. Fix: set the country whose numbering plan your users\' local numbers follow.',
    ],
    [
      // Owners follow config, never whoever runs `pulumi up` (issue 9, finding 9).
      "missing deployer",
      { countryCode: "DE", secretRotationAnchor: "2026-01-01" },
      "entra-replicator:deployerObjectId is missing: it is the object id of the pipeline's deployer service principal in this tenant, which owns the app whoever runs `pulumi up`. Fix: pulumi config set deployerObjectId $(az ad sp show --id <deployer app's client id> --query id -o tsv) (signed in to the customer tenant: the deployer's service principal there).",
    ],
    [
      "deployer not a GUID",
      { ...base, deployerObjectId: "deployer@contoso.com" },
      "entra-replicator:deployerObjectId is \"deployer@contoso.com\", not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). Fix: pulumi config set deployerObjectId $(az ad sp show --id <deployer app's client id> --query id -o tsv) (signed in to the customer tenant: the deployer's service principal there).",
    ],
    [
      "an existing consent that is not an import id",
      { ...base, existingAdminConsentId: "41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE" },
      'entra-replicator:existingAdminConsentId is "41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE", not an app role assignment id (/servicePrincipals/<Graph\'s service principal object id>/appRoleAssignedTo/<assignment id>). Fix: pulumi config set existingAdminConsentId /servicePrincipals/<resourceId>/appRoleAssignedTo/<id> with the resourceId and id that `az rest --url https://graph.microsoft.com/v1.0/servicePrincipals/<servicePrincipalObjectId>/appRoleAssignments` lists for appRoleId df021288-bdef-4463-88db-98f22de89214 (docs/OPERATIONS.md).',
    ],
    [
      "an existing consent to adopt without consent management",
      {
        ...base,
        grantAdminConsent: false,
        existingAdminConsentId: `/servicePrincipals/${owner}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`,
      },
      "entra-replicator:existingAdminConsentId is set, but grantAdminConsent is false, so there is no consent resource to adopt it into. Fix: set grantAdminConsent to true (the stack then manages the consent it adopts), or remove existingAdminConsentId.",
    ],
    [
      "malformed owner GUID",
      { ...base, ownerObjectIds: [owner, "not-a-guid"] },
      "entra-replicator:ownerObjectIds[1] is \"not-a-guid\", not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). Fix: pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
    ],
    [
      "nil GUID owner",
      { ...base, ownerObjectIds: ["00000000-0000-0000-0000-000000000000"] },
      "entra-replicator:ownerObjectIds[0] is \"00000000-0000-0000-0000-000000000000\", not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). Fix: pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
    ],
    [
      "owners as broken JSON",
      { ...base, ownerObjectIds: '["x"' },
      'entra-replicator:ownerObjectIds is "[\\"x\\"", not a YAML list. Fix: write it as a YAML list in Pulumi.<stack>.yaml, e.g. ownerObjectIds: ["<object id>"].',
    ],
    [
      "validity over 730",
      { ...base, secretValidityDays: 731 },
      "entra-replicator:secretValidityDays is 731; Microsoft Entra accepts client secrets of at most 730 days (and tenant policies may allow less). Fix: pulumi config set secretValidityDays 180",
    ],
    [
      "validity not above overlap",
      { ...base, secretValidityDays: 30 },
      "entra-replicator:secretValidityDays is 30, not longer than secretOverlapDays (30): a new secret would expire before consumers had the overlap to switch to it. Fix: set secretValidityDays to at least 120 or lower secretOverlapDays.",
    ],
    [
      "rotation shorter than overlap",
      { ...base, secretRotationDays: 20 },
      "entra-replicator:secretRotationDays is 20, shorter than secretOverlapDays (30): a slot would be replaced before its successor had been current for the overlap. Fix: pulumi config set secretRotationDays 30 or longer, or lower secretOverlapDays.",
    ],
    [
      "validity under two rotations",
      { ...base, secretRotationDays: 100 },
      "entra-replicator:secretValidityDays is 180, less than twice secretRotationDays (100) plus one day: the previous secret would expire before the daily run re-issues its slot. Fix: set secretValidityDays to at least 201 (max 730), or secretRotationDays to at most 89.",
    ],
    [
      // The cron runs hours after the window starts at 00:00 UTC: exactly 2 × rotation leaves the old
      // secret expiring that many hours before its slot is re-issued.
      "validity of exactly two rotations",
      { ...base, secretValidityDays: 120 },
      "entra-replicator:secretValidityDays is 120, less than twice secretRotationDays (60) plus one day: the previous secret would expire before the daily run re-issues its slot. Fix: set secretValidityDays to at least 121 (max 730), or secretRotationDays to at most 59.",
    ],
    [
      "days with a unit",
      { ...base, secretValidityDays: "180d" },
      'entra-replicator:secretValidityDays is "180d", not a whole number of days ≥ 1. Fix: pulumi config set secretValidityDays 180',
    ],
    [
      "zero overlap",
      { ...base, secretOverlapDays: 0 },
      "entra-replicator:secretOverlapDays is 0 (number), not a whole number of days ≥ 1. Fix: pulumi config set secretOverlapDays 30",
    ],
    [
      "anchor in the future",
      { ...base, secretRotationAnchor: "2026-11-28" },
      "entra-replicator:secretRotationAnchor is 2026-11-28, which is in the future (today is 2026-11-27 UTC): the schedule has no window yet. Fix: pulumi config set secretRotationAnchor 2026-11-27 or any earlier date.",
    ],
    [
      "anchor not a date",
      { ...base, secretRotationAnchor: "2026-02-30" },
      'entra-replicator:secretRotationAnchor is "2026-02-30", not a calendar date written YYYY-MM-DD. Fix: pulumi config set secretRotationAnchor 2026-11-27',
    ],
    [
      "anchor missing",
      { countryCode: "DE", deployerObjectId: deployer },
      "entra-replicator:secretRotationAnchor is missing: it fixes the calendar of the secret rotation windows, so every `pulumi up` computes the same secrets. Fix: pulumi config set secretRotationAnchor 2026-11-27 (today, UTC; any past date works).",
    ],
    [
      "misspelt key",
      { ...base, secretRotationDay: 30 },
      "entra-replicator:secretRotationDay is not a setting of this program. Fix: remove it or use one of displayName, countryCode, deployerObjectId, ownerObjectIds, grantAdminConsent, existingAdminConsentId, secretValidityDays, secretRotationDays, secretOverlapDays, secretRotationAnchor, keyVault.",
    ],
    [
      "consent flag not boolean",
      { ...base, grantAdminConsent: "yes" },
      'entra-replicator:grantAdminConsent is "yes", not true or false. Fix: pulumi config set grantAdminConsent true',
    ],
    [
      "empty display name",
      { ...base, displayName: "  " },
      'entra-replicator:displayName is empty. Fix: pulumi config set displayName "ROGER365.io Azure Entra replicator"',
    ],
    [
      "display name too long",
      { ...base, displayName: "x".repeat(257) },
      'entra-replicator:displayName is 257 characters long; Microsoft Entra allows at most 256 for an app registration name. Fix: pulumi config set displayName "ROGER365.io Azure Entra replicator"',
    ],
    [
      "vault without name",
      { ...base, keyVault: { resourceGroupName: "rg" } },
      "entra-replicator:keyVault.vaultName is missing. Fix: pulumi config set --path keyVault.vaultName kv-entra-replicator",
    ],
    [
      "vault name with double hyphen",
      { ...base, keyVault: { resourceGroupName: "rg", vaultName: "kv--x" } },
      'entra-replicator:keyVault.vaultName is "kv--x", not a Key Vault name (3–24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen). Fix: pulumi config set --path keyVault.vaultName kv-entra-replicator',
    ],
    [
      "created vault without region",
      { ...base, keyVault: { resourceGroupName: "rg", vaultName: "kv-x", create: true } },
      "entra-replicator:keyVault.location is missing, and a vault the stack creates needs a region. Fix: pulumi config set --path keyVault.location westeurope (names: az account list-locations -o table).",
    ],
    [
      "unknown vault setting",
      { ...base, keyVault: { resourceGroupName: "rg", vaultName: "kv-x", name: "s" } },
      "entra-replicator:keyVault.name is not a known Key Vault setting. Fix: use only resourceGroupName, vaultName, secretName, create, location, readerObjectIds.",
    ],
    [
      "readers on an existing vault",
      { ...base, keyVault: { resourceGroupName: "rg", vaultName: "kv-x", readerObjectIds: [owner] } },
      "entra-replicator:keyVault.readerObjectIds is set, but access to an existing vault is managed outside this stack. Fix: grant those identities the Key Vault Secrets User role (or a get/list access policy) on the vault, and remove the setting; or set keyVault.create to true.",
    ],
  ])("refuses %s", (_label, config, message) => {
    const error = thrownBy(() => validateReplicatorConfig(config, now));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(message);
  });
});

describe("existingAdminConsentId (issue 9, finding 2)", () => {
  it("accepts the azuread provider's import id of the consent a Global Administrator granted", () => {
    const id = `/servicePrincipals/${owner}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`;
    expect(
      validateReplicatorConfig({ ...base, existingAdminConsentId: id }, now).existingAdminConsentId,
    ).toBe(id);
  });
});

describe("defaultKeyVaultSecretName (issue 9, finding 3)", () => {
  it("differs per stack, so two tenants in one vault never share a secret", () => {
    expect(defaultKeyVaultSecretName("contoso")).toBe("entra-replicator-contoso");
    expect(defaultKeyVaultSecretName("fabrikam")).not.toBe(defaultKeyVaultSecretName("contoso"));
  });

  it("turns the characters a stack name may hold and a Key Vault name may not into hyphens", () => {
    expect(defaultKeyVaultSecretName("contoso_eu.prod")).toBe("entra-replicator-contoso-eu-prod");
    expect(defaultKeyVaultSecretName("x".repeat(100)).length).toBeLessThanOrEqual(127);
  });
});

describe("validateStackFileConfig", () => {
  it("reads prefixed keys, ignores other providers' keys and accepts the strings Pulumi passes a program", () => {
    expect(
      validateStackFileConfig(
        {
          "azuread:tenantId": "11111111-1111-1111-1111-111111111111",
          "azure-native:subscriptionId": "22222222-2222-2222-2222-222222222222",
          "entra-replicator:countryCode": "de",
          "entra-replicator:deployerObjectId": deployer,
          "entra-replicator:secretRotationAnchor": "2026-01-01",
          "entra-replicator:ownerObjectIds": `["${owner.toUpperCase()}"]`,
          "entra-replicator:grantAdminConsent": "false",
          "entra-replicator:secretValidityDays": "200",
          "entra-replicator:keyVault":
            '{"resourceGroupName":"rg","vaultName":"kv-x","create":true,"location":"westeurope","readerObjectIds":["' +
            owner +
            '"]}',
        },
        now,
      ),
    ).toEqual<ReplicatorConfig>({
      displayName: "ROGER365.io Azure Entra replicator",
      countryCode: "DE",
      deployerObjectId: deployer,
      ownerObjectIds: [owner],
      grantAdminConsent: false,
      secretValidityDays: 200,
      secretRotationDays: 60,
      secretOverlapDays: 30,
      secretRotationAnchor: "2026-01-01",
      keyVault: {
        resourceGroupName: "rg",
        vaultName: "kv-x",
        create: true,
        location: "westeurope",
        readerObjectIds: [owner],
      },
    });
  });

  it("names the prefixed key of a bad value", () => {
    expect(() =>
      validateStackFileConfig(
        {
          "entra-replicator:countryCode": "DE",
          "entra-replicator:deployerObjectId": deployer,
          "entra-replicator:secretRotationAnchor": "01.01.2026",
        },
        now,
      ),
    ).toThrow(
      'entra-replicator:secretRotationAnchor is "01.01.2026", not a calendar date written YYYY-MM-DD. Fix: pulumi config set secretRotationAnchor 2026-11-27',
    );
  });

  it("accepts an anchor that a YAML 1.1 parser turned into a timestamp", () => {
    const config = validateStackFileConfig(
      {
        "entra-replicator:countryCode": "US",
        "entra-replicator:deployerObjectId": deployer,
        "entra-replicator:secretRotationAnchor": new Date("2026-03-01T00:00:00Z"),
      },
      now,
    );
    expect(config.secretRotationAnchor).toBe("2026-03-01");
  });
});
