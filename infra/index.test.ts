import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { CONFIG_KEYS, KEY_VAULT_CONFIG_KEYS } from "./config";
import { STACK_OUTPUT_NAMES } from "./testing/stackOutputNames";
import {
  FAKE,
  fakeSecretValue,
  pulumiConfigStrings,
  RecordedResource,
  recordingMocks,
  resolve,
} from "./testing/recordingMocks";

const devStackText = fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8");
const devStackConfig = parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8"))
  .config as Record<string, unknown>;

/**
 * Runs infra/index.ts the way the Pulumi CLI does: the stack file's config handed over as strings,
 * the program loaded fresh (its module body is the program).
 */
async function runProgram(
  configMap: Record<string, unknown>,
  now?: string,
  previousOutputs?: Record<string, unknown>,
): Promise<{ resources: RecordedResource[]; outputs: Record<string, unknown> }> {
  const { mocks, resources } = recordingMocks({ previousOutputs });
  await pulumi.runtime.setMocks(mocks, "entra-replicator", "dev", false, "organization");
  pulumi.runtime.setAllConfig(pulumiConfigStrings(configMap));
  const clock = now === undefined ? undefined : jest.spyOn(Date, "now").mockReturnValue(Date.parse(now));
  try {
    let program: Record<string, pulumi.Input<unknown>> = {};
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module body is the program: load it fresh per run
      program = require("./index");
    });
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(program)) outputs[name] = await resolve(value);
    // Waits until every resource registration has reached the mocks.
    await pulumi.runtime.disconnect();
    return { resources, outputs };
  } finally {
    clock?.mockRestore();
  }
}

describe("the Pulumi program with Pulumi.dev.yaml", () => {
  it("documents every config key, set or commented out", () => {
    const undocumented = [
      ...CONFIG_KEYS.filter((key) => !devStackText.includes(`entra-replicator:${key}:`)),
      ...KEY_VAULT_CONFIG_KEYS.filter((key) => !new RegExp(`^\\s*#\\s+${key}\\b`, "m").test(devStackText)),
    ];
    expect(undocumented).toEqual([]);
  });

  it("accepts the example stack today and declares the app, consent and both secret slots", async () => {
    const { resources, outputs } = await runProgram(devStackConfig);
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "azuread:index/appRoleAssignment:AppRoleAssignment entra-replicator-admin-consent",
      "azuread:index/application:Application entra-replicator-app",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-a",
      "azuread:index/applicationPassword:ApplicationPassword entra-replicator-secret-b",
      "azuread:index/servicePrincipal:ServicePrincipal entra-replicator-sp",
      "entra-replicator:infra:EntraReplicatorApp entra-replicator",
      // Its own outputs of the previous update: what the secret slots hold.
      "pulumi:pulumi:StackReference organization/entra-replicator/dev",
    ]);
    expect(Object.keys(outputs).sort()).toEqual([...STACK_OUTPUT_NAMES].sort());
  });

  it("exports exactly the documented outputs for the example stack at a fixed date", async () => {
    const { resources, outputs } = await runProgram(devStackConfig, "2026-11-27T10:00:00Z");
    const app = resources.find((r) => r.type === "azuread:index/application:Application");
    // From the stack file, not from azuread's client config (FAKE.deployerObjectId): issue 9, finding 9.
    expect(app?.inputs.owners).toEqual([
      "44444444-4444-4444-8444-444444444444",
      "22222222-2222-4222-8222-222222222222",
    ]);
    const secret = fakeSecretValue("entra-replicator-secret-b", "2");
    expect(outputs).toEqual({
      tenantId: FAKE.tenantId,
      clientId: FAKE.clientId,
      applicationObjectId: FAKE.applicationObjectId,
      servicePrincipalObjectId: FAKE.servicePrincipalObjectId,
      clientSecret: secret,
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
        "Client Secret": secret,
        "Contact URL": "",
        "Country Code": "DE",
      },
    });
  });

  it("reads its own previous outputs, so a run after a stalled schedule keeps the secret in use", async () => {
    const first = await runProgram(devStackConfig, "2026-03-05T05:17:00Z");
    const catchUp = await runProgram(devStackConfig, "2026-07-05T05:17:00Z", first.outputs);
    const slotB = (run: typeof first) =>
      run.resources.find((r) => r.name === "entra-replicator-secret-b")?.inputs.rotateWhenChanged;
    expect(slotB(catchUp)).toEqual(slotB(first));
    expect(catchUp.outputs.clientSecretExpiresAt).toBe("2026-12-27T00:00:00Z");
  });

  it("stops before declaring anything when the config is invalid, with the key and the fix and no stack trace", async () => {
    const { mocks, resources } = recordingMocks();
    await pulumi.runtime.setMocks(mocks, "entra-replicator", "dev", false, "organization");
    pulumi.runtime.setAllConfig(
      pulumiConfigStrings({ ...devStackConfig, "entra-replicator:secretValidityDays": 731 }),
    );
    let thrown: unknown;
    jest.isolateModules(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- see runProgram
        require("./index");
      } catch (error) {
        thrown = error;
      }
    });
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe(
      "entra-replicator:secretValidityDays is 731; Microsoft Entra accepts client secrets of at most 730 days (and tenant policies may allow less). Fix: pulumi config set secretValidityDays 180",
    );
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect(resources).toEqual([]);
  });

  it("points the admin-consent URL at the sign-in host of the azuread provider's national cloud", async () => {
    const { outputs } = await runProgram({ ...devStackConfig, "azuread:environment": "usgovernment" });
    expect(outputs.adminConsentUrl).toBe(
      `https://login.microsoftonline.us/${FAKE.tenantId}/adminconsent?client_id=${FAKE.clientId}`,
    );
  });

  it("stops before declaring anything when azuread:environment names no cloud", async () => {
    const { mocks, resources } = recordingMocks();
    await pulumi.runtime.setMocks(mocks, "entra-replicator", "dev", false, "organization");
    pulumi.runtime.setAllConfig(pulumiConfigStrings({ ...devStackConfig, "azuread:environment": "mars" }));
    let thrown: unknown;
    jest.isolateModules(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- see runProgram
        require("./index");
      } catch (error) {
        thrown = error;
      }
    });
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      "azuread:environment is 'mars', which the azuread provider does not know. Fix: pulumi config set azuread:environment global (or public, usgovernment, usgovernmentl4, usgovernmentl5, dod, china), or remove it for the public cloud.",
    );
    expect(resources).toEqual([]);
  });
});
