import * as pulumi from "@pulumi/pulumi";
import type { KeyVaultConfig } from "./config";
import { EntraReplicatorApp, EntraReplicatorAppArgs } from "./entraReplicatorApp";
import {
  FAKE,
  fakeSecretValue,
  RecordedResource,
  recordingMocks,
  resolve,
  resourcesOfType,
  secretInput,
} from "./testing/recordingMocks";

const APPLICATION = "azuread:index/application:Application";
const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";
const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const VAULT = "azure-native:keyvault:Vault";
const VAULT_SECRET = "azure-native:keyvault:Secret";
const EXTRA_OWNER = "eeeeeeee-0000-4000-8000-000000000001";

const baseArgs: Omit<EntraReplicatorAppArgs, "now"> = {
  countryCode: "DE",
  deployerObjectId: FAKE.configuredDeployerObjectId,
  ownerObjectIds: [EXTRA_OWNER],
  secretRotation: {
    anchor: new Date("2026-01-01T00:00:00Z"),
    rotationDays: 60,
    validityDays: 180,
    overlapDays: 30,
  },
};

interface Deployment {
  app: EntraReplicatorApp;
  resources: RecordedResource[];
  /** Resource options the mocks cannot see (retainOnDelete, import), by resource name. */
  options: Record<string, pulumi.CustomResourceOptions>;
  outputs: Record<string, unknown>;
  secretOutputs: string[];
}

/** Declares the component at `now` under fresh mocks and waits until every resource is registered. */
async function deploy(args: Omit<EntraReplicatorAppArgs, "now">, now: string): Promise<Deployment> {
  const { mocks, resources } = recordingMocks();
  await pulumi.runtime.setMocks(mocks, "entra-replicator", "test", false);
  // The clock is an argument: a component that read Date.now() itself would fail here.
  const clock = jest.spyOn(Date, "now").mockImplementation(() => {
    throw new Error("the component must not read the clock");
  });
  try {
    const options: Record<string, pulumi.CustomResourceOptions> = {};
    const app = new EntraReplicatorApp(
      "tenant",
      { ...args, now: new Date(now) },
      // A transformation sees each child's options as declared, before they reach the engine.
      { transformations: [(declared) => void (options[declared.name] = declared.opts)] },
    );
    const outputs: Record<string, pulumi.Input<unknown>> = {
      tenantId: app.tenantId,
      clientId: app.clientId,
      applicationObjectId: app.applicationObjectId,
      servicePrincipalObjectId: app.servicePrincipalObjectId,
      clientSecret: app.clientSecret,
      clientSecretExpiresAt: app.clientSecretExpiresAt,
      clientSecretKeyId: app.clientSecretKeyId,
      nextRotationAt: app.nextRotationAt,
      secretRotation: app.secretRotation,
      secretSlotAKeyId: app.secretSlotAKeyId,
      secretSlotAExpiresAt: app.secretSlotAExpiresAt,
      secretSlotBKeyId: app.secretSlotBKeyId,
      secretSlotBExpiresAt: app.secretSlotBExpiresAt,
      adminConsentUrl: app.adminConsentUrl,
      countryCode: app.countryCode,
      keyVault: app.keyVault,
      roger365: app.roger365,
    };
    const resolved: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [key, value] of Object.entries(outputs)) {
      resolved[key] = await resolve(value);
      // Plain objects (roger365, keyVault) are exported field by field: each field keeps its own secretness.
      const fields =
        pulumi.Output.isInstance(value) || typeof value !== "object" || value === null
          ? { "": value }
          : value;
      for (const [field, fieldValue] of Object.entries(fields)) {
        if (await pulumi.isSecret(pulumi.output(fieldValue)))
          secretOutputs.push(field ? `${key}.${field}` : key);
      }
    }
    // Waits until every resource registration has reached the mocks.
    await pulumi.runtime.disconnect();
    return { app, resources, options, outputs: resolved, secretOutputs };
  } finally {
    clock.mockRestore();
  }
}

function only(resources: RecordedResource[], type: string): RecordedResource {
  const matching = resourcesOfType(resources, type);
  expect(matching).toHaveLength(1);
  return matching[0]!;
}

function passwordInputs(resources: RecordedResource[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(resourcesOfType(resources, PASSWORD).map((r) => [r.name, r.inputs]));
}

describe("EntraReplicatorApp", () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deploy(baseArgs, "2026-11-27T10:00:00Z");
  });

  it("declares exactly the app, its service principal, the consent and two secret slots", () => {
    expect(deployment.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "entra-replicator:infra:EntraReplicatorApp tenant",
        `${APPLICATION} tenant-app`,
        `${SERVICE_PRINCIPAL} tenant-sp`,
        `${APP_ROLE_ASSIGNMENT} tenant-admin-consent`,
        `${PASSWORD} tenant-secret-a`,
        `${PASSWORD} tenant-secret-b`,
      ].sort(),
    );
  });

  it("registers a single-tenant app owned by the configured deployer (not whoever runs pulumi up) and owners, asking for User.Read.All as an application permission", () => {
    const app = only(deployment.resources, APPLICATION);
    expect(app.inputs.displayName).toBe("ROGER365.io Azure Entra replicator");
    expect(app.inputs.signInAudience).toBe("AzureADMyOrg");
    // azuread's client config says FAKE.deployerObjectId is running this; it must not become an owner.
    expect(app.inputs.owners).toEqual([FAKE.configuredDeployerObjectId, EXTRA_OWNER]);
    expect(app.inputs.requiredResourceAccesses).toEqual([
      {
        resourceAppId: "00000003-0000-0000-c000-000000000000",
        resourceAccesses: [{ id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }],
      },
    ]);
    expect(app.inputs.notes).toBe(
      "Managed by Pulumi (project entra-replicator, stack test); changes made in the portal are reverted by the next scheduled pulumi up, which refreshes first. Client secrets rotate every 60 days.",
    );
    expect(app.inputs.tags).toEqual(["entra-replicator", "managed-by-pulumi"]);
  });

  it("creates the service principal of our app with the same owners and never adopts Microsoft Graph's", () => {
    const sp = only(deployment.resources, SERVICE_PRINCIPAL);
    expect(sp.inputs.clientId).toBe(FAKE.clientId);
    expect(sp.inputs.owners).toEqual([FAKE.configuredDeployerObjectId, EXTRA_OWNER]);
    expect(sp.inputs.useExisting).toBeUndefined();
  });

  it("grants admin consent: our service principal gets Graph's User.Read.All app role", () => {
    expect(only(deployment.resources, APP_ROLE_ASSIGNMENT).inputs).toEqual({
      appRoleId: FAKE.userReadAllRoleId,
      principalObjectId: FAKE.servicePrincipalObjectId,
      resourceObjectId: FAKE.graphServicePrincipalObjectId,
    });
  });

  it("declares both secret slots with explicit end dates and rotation keys derived from the window", () => {
    // 2026-11-27 is in window 5 (from 2026-10-28): slot B generation 2 is current, slot A generation 2 precedes it.
    expect(passwordInputs(deployment.resources)).toEqual({
      "tenant-secret-a": {
        applicationId: `/applications/${FAKE.applicationObjectId}`,
        displayName: "entra-replicator slot A from 2026-08-29",
        endDate: "2027-02-25T00:00:00Z",
        rotateWhenChanged: { slot: "a", generation: "2", windowStart: "2026-08-29T00:00:00Z" },
      },
      "tenant-secret-b": {
        applicationId: `/applications/${FAKE.applicationObjectId}`,
        displayName: "entra-replicator slot B from 2026-10-28",
        endDate: "2027-04-26T00:00:00Z",
        rotateWhenChanged: { slot: "b", generation: "2", windowStart: "2026-10-28T00:00:00Z" },
      },
    });
  });

  it("outputs the newest slot as the current secret, as a secret, and everything else in the clear", () => {
    const secretB = fakeSecretValue("tenant-secret-b", "2");
    expect(deployment.outputs).toEqual({
      tenantId: FAKE.tenantId,
      clientId: FAKE.clientId,
      applicationObjectId: FAKE.applicationObjectId,
      servicePrincipalObjectId: FAKE.servicePrincipalObjectId,
      clientSecret: secretB,
      clientSecretExpiresAt: "2027-04-26T00:00:00Z",
      clientSecretKeyId: "dddddddd-0000-4000-8000-000000000002",
      nextRotationAt: "2026-12-27T00:00:00Z",
      secretRotation: {
        current: "b",
        slots: {
          a: {
            slot: "a",
            window: 4,
            generation: 2,
            windowStart: "2026-08-29T00:00:00Z",
            endDate: "2027-02-25T00:00:00Z",
            publishedAt: "2026-08-29T00:00:00Z",
          },
          b: {
            slot: "b",
            window: 5,
            generation: 2,
            windowStart: "2026-10-28T00:00:00Z",
            endDate: "2027-04-26T00:00:00Z",
            publishedAt: "2026-10-28T00:00:00Z",
          },
        },
        policy: { anchor: "2026-01-01T00:00:00Z", rotationDays: 60, validityDays: 180 },
      },
      secretSlotAKeyId: "dddddddd-0000-4000-8000-000000000001",
      secretSlotAExpiresAt: "2027-02-25T00:00:00Z",
      secretSlotBKeyId: "dddddddd-0000-4000-8000-000000000002",
      secretSlotBExpiresAt: "2027-04-26T00:00:00Z",
      adminConsentUrl: `https://login.microsoftonline.com/${FAKE.tenantId}/adminconsent?client_id=${FAKE.clientId}`,
      countryCode: "DE",
      keyVault: undefined,
      roger365: {
        Name: "ROGER365.io Azure Entra replicator",
        Type: "MicrosoftEntra",
        "Tenant Id": FAKE.tenantId,
        "Client id": FAKE.clientId,
        "Client Secret": secretB,
        "Contact URL": "",
        "Country Code": "DE",
      },
    });
    // roger365 is a plain object, so only its "Client Secret" field is secret in the state.
    expect(deployment.secretOutputs).toEqual(["clientSecret", "roger365.Client Secret"]);
  });

  it("adopts an existing consent through the import option instead of creating a duplicate (finding 2)", async () => {
    const existing = `/servicePrincipals/${FAKE.graphServicePrincipalObjectId}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`;
    const { options } = await deploy({ ...baseArgs, adminConsentImportId: existing }, "2026-11-27T10:00:00Z");
    expect(options["tenant-admin-consent"]).toMatchObject({ import: existing, retainOnDelete: true });
    expect(deployment.options["tenant-admin-consent"]?.import).toBeUndefined();
  });

  it("without consent declares no role assignment and still outputs the admin-consent URL", async () => {
    const { resources, outputs } = await deploy(
      { ...baseArgs, grantAdminConsent: false },
      "2026-11-27T10:00:00Z",
    );
    expect(resourcesOfType(resources, APP_ROLE_ASSIGNMENT)).toEqual([]);
    expect(resourcesOfType(resources, PASSWORD)).toHaveLength(2);
    expect(outputs.adminConsentUrl).toBe(
      `https://login.microsoftonline.com/${FAKE.tenantId}/adminconsent?client_id=${FAKE.clientId}`,
    );
  });
});

describe("EntraReplicatorApp rotation under a moving clock", () => {
  it("produces identical secret inputs for two runs inside the same window", async () => {
    const first = await deploy(baseArgs, "2026-10-28T00:00:00Z");
    const second = await deploy(baseArgs, "2026-12-26T23:59:59Z");
    expect(passwordInputs(second.resources)).toEqual(passwordInputs(first.resources));
    expect(second.outputs.nextRotationAt).toBe(first.outputs.nextRotationAt);
  });

  it("keeps both secrets when only the app's display name or owners change", async () => {
    const original = await deploy(baseArgs, "2026-11-27T10:00:00Z");
    const renamed = await deploy(
      { ...baseArgs, displayName: "Contoso phone directory", ownerObjectIds: [] },
      "2026-11-27T10:00:00Z",
    );
    expect(passwordInputs(renamed.resources)).toEqual(passwordInputs(original.resources));
  });

  it("at a window boundary changes only the slot that is due, which becomes current", async () => {
    const before = passwordInputs((await deploy(baseArgs, "2026-12-26T23:59:59Z")).resources);
    const afterDeployment = await deploy(baseArgs, "2026-12-27T00:00:00Z");
    const after = passwordInputs(afterDeployment.resources);
    expect(after["tenant-secret-b"]).toEqual(before["tenant-secret-b"]);
    expect(after["tenant-secret-a"]).toEqual({
      applicationId: `/applications/${FAKE.applicationObjectId}`,
      displayName: "entra-replicator slot A from 2026-12-27",
      endDate: "2027-06-25T00:00:00Z",
      rotateWhenChanged: { slot: "a", generation: "3", windowStart: "2026-12-27T00:00:00Z" },
    });
    expect(afterDeployment.outputs.clientSecret).toBe(fakeSecretValue("tenant-secret-a", "3"));
    expect(afterDeployment.outputs.clientSecretExpiresAt).toBe("2027-06-25T00:00:00Z");
    expect(afterDeployment.outputs.nextRotationAt).toBe("2027-02-25T00:00:00Z");
  });

  it("on the anchor day gives slot B a valid predecessor secret, so both slots exist from the first pulumi up", async () => {
    const { resources, outputs } = await deploy(baseArgs, "2026-01-01T08:00:00Z");
    expect(passwordInputs(resources)["tenant-secret-b"]).toEqual({
      applicationId: `/applications/${FAKE.applicationObjectId}`,
      displayName: "entra-replicator slot B from 2025-11-02",
      endDate: "2026-05-01T00:00:00Z",
      rotateWhenChanged: { slot: "b", generation: "-1", windowStart: "2025-11-02T00:00:00Z" },
    });
    expect(outputs.clientSecret).toBe(fakeSecretValue("tenant-secret-a", "0"));
  });
});

describe("EntraReplicatorApp after a stalled schedule (issue 9, finding 7)", () => {
  it("replaces only the slot nobody uses and keeps the secret consumers hold", async () => {
    const first = await deploy(baseArgs, "2026-03-05T05:17:00Z");
    expect((first.outputs.secretRotation as { current: string }).current).toBe("b");
    // The cron was off from March to July: windows 2 and 3 both came due without a run.
    const catchUp = await deploy(
      { ...baseArgs, previousRotation: first.outputs.secretRotation as object },
      "2026-07-05T05:17:00Z",
    );
    const before = passwordInputs(first.resources);
    const after = passwordInputs(catchUp.resources);
    expect(after["tenant-secret-b"]).toEqual(before["tenant-secret-b"]);
    expect(after["tenant-secret-a"]).toEqual({
      applicationId: `/applications/${FAKE.applicationObjectId}`,
      displayName: "entra-replicator slot A from 2026-06-30",
      endDate: "2026-12-27T00:00:00Z",
      rotateWhenChanged: { slot: "a", generation: "1", windowStart: "2026-06-30T00:00:00Z" },
    });
    expect(catchUp.outputs.clientSecretExpiresAt).toBe("2026-12-27T00:00:00Z");
    // Slot B (ROGER365's copy) goes only at the next window, after A has been current for the overlap.
    expect(catchUp.outputs.nextRotationAt).toBe("2026-08-29T00:00:00Z");
  });
});

describe("EntraReplicatorApp when a gap outlived the secret in use", () => {
  it("says so loudly in the run: a warning naming what consumers must do", async () => {
    const warn = jest.spyOn(pulumi.log, "warn");
    try {
      const first = await deploy(baseArgs, "2026-01-01T05:17:00Z");
      expect(warn).not.toHaveBeenCalled();
      // Slot A (window 0) ended 2026-06-30: the catch-up cannot give consumers an overlap any more.
      await deploy(
        { ...baseArgs, previousRotation: first.outputs.secretRotation as object },
        "2026-07-05T05:17:00Z",
      );
      expect(warn.mock.calls.map(([message]) => message)).toEqual([
        "The secret consumers held until now (slot A) expired 2026-06-30T00:00:00Z, less than the 30-day overlap after its successor was published: the schedule did not run for 185 days. Give ROGER365 and every consumer the new secret now.",
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("EntraReplicatorApp Key Vault mirror", () => {
  const existingVault: KeyVaultConfig = {
    resourceGroupName: "rg-identity",
    vaultName: "kv-contoso",
    secretName: "roger365-entra",
    create: false,
    readerObjectIds: [],
  };

  it("writes the current secret into an existing vault with its expiry in epoch seconds and identifying tags", async () => {
    const { resources, outputs, secretOutputs } = await deploy(
      { ...baseArgs, keyVault: existingVault },
      "2026-11-27T10:00:00Z",
    );
    // The vault URI and secret id stay readable for the expiry check and the sync.
    expect(secretOutputs).toEqual(["clientSecret", "roger365.Client Secret"]);
    expect(resourcesOfType(resources, VAULT)).toEqual([]);
    const secret = only(resources, VAULT_SECRET);
    expect(secret.name).toBe("tenant-key-vault-secret");
    const { properties, ...rest } = secret.inputs;
    // The value is a Pulumi secret, and with it the whole `properties` object it is part of.
    expect(secretInput(properties)).toEqual({
      value: fakeSecretValue("tenant-secret-b", "2"),
      contentType: "Microsoft Entra client secret",
      attributes: { enabled: true, expires: Date.parse("2027-04-26T00:00:00Z") / 1000 },
    });
    expect(Date.parse("2027-04-26T00:00:00Z") / 1000).toBe(1808697600);
    expect(rest).toEqual({
      resourceGroupName: "rg-identity",
      vaultName: "kv-contoso",
      secretName: "roger365-entra",
      tags: {
        clientId: FAKE.clientId,
        keyId: "dddddddd-0000-4000-8000-000000000002",
        "managed-by": "pulumi entra-replicator",
      },
    });
    expect(outputs.keyVault).toEqual({
      vaultUri: "https://kv-contoso.vault.azure.net/",
      secretName: "roger365-entra",
      secretId: "https://kv-contoso.vault.azure.net/secrets/roger365-entra/0123456789abcdef0123456789abcdef",
    });
  });

  it("names the vault secret after the stack by default, so two tenants in one vault never collide (finding 3)", async () => {
    const { secretName: _pinned, ...withoutName } = existingVault;
    const { resources, outputs } = await deploy(
      { ...baseArgs, keyVault: withoutName },
      "2026-11-27T10:00:00Z",
    );
    expect(only(resources, VAULT_SECRET).inputs.secretName).toBe("entra-replicator-test");
    expect((outputs.keyVault as { secretName: string }).secretName).toBe("entra-replicator-test");
  });

  it("never deletes the vault secret: azure-native deletes through the data plane, which Key Vault Contributor cannot (finding 1)", async () => {
    const { options } = await deploy({ ...baseArgs, keyVault: existingVault }, "2026-11-27T10:00:00Z");
    expect(options["tenant-key-vault-secret"]?.retainOnDelete).toBe(true);
  });

  it("creates the vault when asked, in azure-native's tenant (not the customer's), with purge protection and access for the deployer and the readers (finding 5)", async () => {
    const reader = "ffffffff-0000-4000-8000-000000000001";
    const { resources, outputs } = await deploy(
      {
        ...baseArgs,
        keyVault: { ...existingVault, create: true, location: "westeurope", readerObjectIds: [reader] },
      },
      "2026-11-27T10:00:00Z",
    );
    const vault = only(resources, VAULT);
    expect(vault.name).toBe("tenant-key-vault-vault");
    expect(vault.inputs).toEqual({
      resourceGroupName: "rg-identity",
      vaultName: "kv-contoso",
      location: "westeurope",
      properties: {
        // azure-native's client config: data-plane tokens come from the vault's own tenant.
        tenantId: FAKE.homeTenantId,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: false,
        enableSoftDelete: true,
        // Defaults the azure-native SDK fills in.
        enabledForDeployment: false,
        enabledForDiskEncryption: false,
        enabledForTemplateDeployment: false,
        publicNetworkAccess: "enabled",
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        accessPolicies: [
          {
            tenantId: FAKE.homeTenantId,
            objectId: FAKE.homeDeployerObjectId,
            permissions: { secrets: ["get", "list", "set", "delete", "recover"] },
          },
          { tenantId: FAKE.homeTenantId, objectId: reader, permissions: { secrets: ["get", "list"] } },
        ],
      },
      tags: { "managed-by": "pulumi entra-replicator" },
    });
    expect(only(resources, VAULT_SECRET).inputs.vaultName).toBe("kv-contoso");
    expect(outputs.keyVault).toEqual({
      vaultUri: "https://kv-contoso.vault.azure.net/",
      secretName: "roger365-entra",
      secretId: "https://kv-contoso.vault.azure.net/secrets/roger365-entra/0123456789abcdef0123456789abcdef",
    });
  });
});
