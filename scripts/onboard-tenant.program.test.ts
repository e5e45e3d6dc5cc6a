import { parse } from "yaml";

import * as pulumi from "@pulumi/pulumi";

import {
  pulumiConfigStrings,
  recordingMocks,
  resolve,
  type RecordedResource,
} from "../infra/testing/recordingMocks";
import { evaluateExpiry } from "./lib/expiryEvaluation";
import { renderStackFile, validateOnboarding, type TenantOnboarding } from "./lib/onboardStackFile";

/**
 * A stack file written by onboarding, fed to the real Pulumi program (infra/index.ts) under
 * `pulumi.runtime.setMocks`, exactly as `pulumi up` would feed it: the program must accept it and declare
 * the tenant's resources, and its outputs must satisfy the expiry check.
 */

const NOW = Date.parse("2026-11-27T10:00:00Z");
const TENANT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

interface ProgramRun {
  resources: RecordedResource[];
  /** Outputs as `pulumi stack output --json` prints them: secrets replaced by "[secret]". */
  stackOutputs: Record<string, unknown>;
}

/** Runs infra/index.ts (its module body is the program) with the stack file's config, as the CLI would. */
async function runProgram(stackFileText: string, stack: string): Promise<ProgramRun> {
  const { config } = parse(stackFileText) as { config: Record<string, unknown> };
  const { mocks, resources } = recordingMocks();
  await pulumi.runtime.setMocks(mocks, "entra-replicator", stack, false, "organization");
  pulumi.runtime.setAllConfig(pulumiConfigStrings(config));
  const clock = jest.spyOn(Date, "now").mockReturnValue(NOW);
  try {
    let program: Record<string, pulumi.Input<unknown>> = {};
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program must load after the mocks
      program = require("../infra/index");
    });
    const stackOutputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(program)) {
      const output = pulumi.output(value);
      stackOutputs[name] = (await pulumi.isSecret(output)) ? "[secret]" : await resolve(output);
    }
    // Waits until every resource registration has reached the mocks.
    await pulumi.runtime.disconnect();
    return { resources, stackOutputs };
  } finally {
    clock.mockRestore();
  }
}

const declared = (resources: RecordedResource[]) => resources.map((r) => `${r.type} ${r.name}`).sort();

describe("a stack file from onboard-tenant, run by the Pulumi program", () => {
  it("is accepted and declares the app, consent and both secret slots", async () => {
    const input: TenantOnboarding = {
      stack: "contoso",
      tenantId: TENANT_ID,
      deployerObjectId: "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      countryCode: "de",
      ownerObjectIds: ["6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f"],
      grantAdminConsent: true,
      anchor: "2026-11-27",
    };
    validateOnboarding(input, new Date(NOW));
    const { resources, stackOutputs } = await runProgram(
      renderStackFile(input, "npm run onboard-tenant", new Date(NOW)),
      "contoso",
    );

    expect(declared(resources)).toEqual([
      "azuread:index/appRoleAssignment:AppRoleAssignment entra-replicator-admin-consent",
      "azuread:index/application:Application entra-replicator-app",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-a",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-b",
      "azuread:index/servicePrincipal:ServicePrincipal entra-replicator-sp",
      "entra-replicator:infra:EntraReplicatorApp entra-replicator",
      "pulumi:pulumi:StackReference organization/entra-replicator/contoso",
    ]);
    const application = resources.find((r) => r.name === "entra-replicator-app");
    expect(application?.inputs.owners).toEqual([
      "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      "6b7c9d2e-1f3a-4b5c-8d9e-0a1b2c3d4e5f",
    ]);
    const slotA = resources.find((r) => r.name === "entra-replicator-secret-a");
    // Anchor today, default policy: window 0 started today and ends after secretValidityDays (180).
    expect(slotA?.inputs.endDate).toBe("2027-05-26T00:00:00Z");
    expect(stackOutputs.countryCode).toBe("DE");
    expect(stackOutputs.clientSecret).toBe("[secret]");

    const report = evaluateExpiry([{ stack: "contoso", outputs: stackOutputs }], new Date(NOW), 30);
    expect(report.tenants[0]).toMatchObject({
      status: "fine",
      currentSlot: "a",
      currentSecret: { expiresAt: "2027-05-26T00:00:00Z", daysLeft: 179 },
      nextRotationAt: "2027-01-26T00:00:00Z",
      findings: [],
    });
  });

  it("is accepted with a Key Vault mirror and without admin consent", async () => {
    const input: TenantOnboarding = {
      stack: "fabrikam",
      tenantId: TENANT_ID,
      deployerObjectId: "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      countryCode: "AT",
      ownerObjectIds: [],
      grantAdminConsent: false,
      anchor: "2026-06-01",
      rotationDays: 90,
      validityDays: 200,
      overlapDays: 30,
      keyVaultSubscriptionId: "9b2c4d6e-8f01-4a23-b456-7890abcdef12",
      keyVault: { resourceGroupName: "rg-identity", vaultName: "kv-fabrikam", secretName: "fabrikam-secret" },
    };
    validateOnboarding(input, new Date(NOW));
    const { resources, stackOutputs } = await runProgram(
      renderStackFile(input, "npm run onboard-tenant", new Date(NOW)),
      "fabrikam",
    );

    expect(declared(resources)).toEqual([
      "azure-native:keyvault:Secret entra-replicator-key-vault-secret",
      "azuread:index/application:Application entra-replicator-app",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-a",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-b",
      "azuread:index/servicePrincipal:ServicePrincipal entra-replicator-sp",
      "entra-replicator:infra:EntraReplicatorApp entra-replicator",
      "entra-replicator:infra:KeyVaultMirror entra-replicator-key-vault",
      "pulumi:pulumi:StackReference organization/entra-replicator/fabrikam",
    ]);
    expect(stackOutputs.keyVault).toEqual({
      vaultUri: "https://kv-fabrikam.vault.azure.net/",
      secretName: "fabrikam-secret",
      secretId:
        "https://kv-fabrikam.vault.azure.net/secrets/fabrikam-secret/0123456789abcdef0123456789abcdef",
    });
    expect(evaluateExpiry([{ stack: "fabrikam", outputs: stackOutputs }], new Date(NOW), 30).status).toBe(
      "fine",
    );
  });
});
