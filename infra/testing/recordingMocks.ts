import * as pulumi from "@pulumi/pulumi";
import { MICROSOFT_GRAPH_APP_ID } from "../microsoftGraph";

/** Fixed identities of the fake tenant the mocks answer for. */
export const FAKE = {
  tenantId: "aaaaaaaa-0000-4000-8000-000000000001",
  /** Whoever runs `pulumi up` (azuread's client config): never an owner by itself. */
  deployerObjectId: "aaaaaaaa-0000-4000-8000-000000000002",
  /** The pipeline's deployer as the stack config names it. */
  configuredDeployerObjectId: "aaaaaaaa-0000-4000-8000-000000000004",
  deployerClientId: "aaaaaaaa-0000-4000-8000-000000000003",
  applicationObjectId: "bbbbbbbb-0000-4000-8000-000000000001",
  clientId: "bbbbbbbb-0000-4000-8000-000000000002",
  servicePrincipalObjectId: "bbbbbbbb-0000-4000-8000-000000000003",
  graphServicePrincipalObjectId: "cccccccc-0000-4000-8000-000000000001",
  userReadAllRoleId: "df021288-bdef-4463-88db-98f22de89214",
  /** Where azure-native signs in (the pipeline's home tenant), unlike azuread (the customer's). */
  homeTenantId: "99999999-0000-4000-8000-000000000001",
  homeDeployerObjectId: "99999999-0000-4000-8000-000000000002",
  homeSubscriptionId: "99999999-0000-4000-8000-000000000003",
} as const;

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Recognisable fake secret values: tests assert they never leak into non-secret outputs. */
export function fakeSecretValue(name: string, generation: string): string {
  return `fake-secret~${name}~${generation}`;
}

/**
 * Pulumi mocks that behave like the azuread / azure-native providers for the resources the program
 * declares, record every resource, and throw on any resource type or invoke the program should not use.
 */
export function recordingMocks(options: { previousOutputs?: Record<string, unknown> } = {}): {
  mocks: pulumi.runtime.Mocks;
  resources: RecordedResource[];
} {
  const resources: RecordedResource[] = [];
  let keyCounter = 0;
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      resources.push({ type: args.type, name: args.name, inputs: args.inputs });
      if (!args.custom && args.type.startsWith("entra-replicator:infra:"))
        return { id: undefined, state: {} };
      switch (args.type) {
        // The stack's own outputs of its previous update (the builtin provider's readStackReference).
        case "pulumi:pulumi:StackReference":
          return {
            id: String(args.inputs.name),
            state: { name: args.inputs.name, outputs: options.previousOutputs ?? {}, secretOutputNames: [] },
          };
        case "azuread:index/application:Application":
          return {
            id: `/applications/${FAKE.applicationObjectId}`,
            state: { ...args.inputs, objectId: FAKE.applicationObjectId, clientId: FAKE.clientId },
          };
        case "azuread:index/servicePrincipal:ServicePrincipal":
          return {
            id: `/servicePrincipals/${FAKE.servicePrincipalObjectId}`,
            state: { ...args.inputs, objectId: FAKE.servicePrincipalObjectId },
          };
        case "azuread:index/appRoleAssignment:AppRoleAssignment":
          return {
            id: `/servicePrincipals/${FAKE.graphServicePrincipalObjectId}/appRoleAssignedTo/x`,
            state: args.inputs,
          };
        case "azuread:index/applicationPassword:ApplicationPassword": {
          keyCounter += 1;
          const generation = String((args.inputs.rotateWhenChanged as Record<string, string>).generation);
          return {
            id: `${FAKE.applicationObjectId}/password/${args.name}`,
            state: {
              ...args.inputs,
              keyId: `dddddddd-0000-4000-8000-${String(keyCounter).padStart(12, "0")}`,
              value: fakeSecretValue(args.name, generation),
              startDate: "2026-11-27T10:00:00Z",
            },
          };
        }
        case "azure-native:keyvault:Vault":
          return {
            id: `/subscriptions/s/resourceGroups/${args.inputs.resourceGroupName}/providers/Microsoft.KeyVault/vaults/${args.inputs.vaultName}`,
            state: {
              ...args.inputs,
              name: args.inputs.vaultName,
              properties: {
                ...args.inputs.properties,
                vaultUri: `https://${args.inputs.vaultName}.vault.azure.net/`,
              },
            },
          };
        case "azure-native:keyvault:Secret": {
          const base = `https://${args.inputs.vaultName}.vault.azure.net/secrets/${args.inputs.secretName}`;
          return {
            id: `/subscriptions/s/resourceGroups/${args.inputs.resourceGroupName}/providers/Microsoft.KeyVault/vaults/${args.inputs.vaultName}/secrets/${args.inputs.secretName}`,
            state: {
              ...args.inputs,
              name: args.inputs.secretName,
              properties: {
                contentType: args.inputs.properties.contentType,
                attributes: args.inputs.properties.attributes,
                secretUri: base,
                secretUriWithVersion: `${base}/0123456789abcdef0123456789abcdef`,
              },
            },
          };
        }
        default:
          throw new Error(`unexpected resource ${args.type} ${args.name}`);
      }
    },
    call(args) {
      if (args.token === "azure-native:authorization:getClientConfig") {
        return {
          clientId: FAKE.deployerClientId,
          objectId: FAKE.homeDeployerObjectId,
          subscriptionId: FAKE.homeSubscriptionId,
          tenantId: FAKE.homeTenantId,
        };
      }
      if (args.token === "azuread:index/getClientConfig:getClientConfig") {
        return { clientId: FAKE.deployerClientId, objectId: FAKE.deployerObjectId, tenantId: FAKE.tenantId };
      }
      if (
        args.token === "azuread:index/getServicePrincipal:getServicePrincipal" &&
        args.inputs.clientId === MICROSOFT_GRAPH_APP_ID &&
        Object.keys(args.inputs).length === 1
      ) {
        return {
          id: FAKE.graphServicePrincipalObjectId,
          objectId: FAKE.graphServicePrincipalObjectId,
          clientId: MICROSOFT_GRAPH_APP_ID,
          displayName: "Microsoft Graph",
          appRoleIds: {
            "User.Read.All": FAKE.userReadAllRoleId,
            "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
          },
          oauth2PermissionScopeIds: { "User.Read.All": "a154be20-db9c-4678-8ab7-66f6cc099a59" },
        };
      }
      throw new Error(`unexpected invoke ${args.token} ${JSON.stringify(args.inputs)}`);
    },
  };
  return { mocks, resources };
}

/** The config strings Pulumi hands a program for a stack file's `config:` map (non-strings JSON-encoded). */
export function pulumiConfigStrings(configMap: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(configMap).map(([key, value]) => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]),
  );
}

/** The value of an output; fails instead of hanging when the program never produces it. */
export function resolve<T>(output: pulumi.Input<T>, timeoutMs = 10_000): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`output not resolved within ${timeoutMs} ms`)), timeoutMs);
    pulumi.output(output).apply((value) => {
      clearTimeout(timer);
      done(value as T);
    });
  });
}

export function resourcesOfType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** Mocks receive a secret input as Pulumi's wire form; this asserts that form and returns the plain value. */
export function secretInput(value: unknown): unknown {
  const wire = value as Record<string, unknown>;
  if (wire?.[pulumi.runtime.specialSigKey] !== pulumi.runtime.specialSecretSig) {
    throw new Error(`expected a secret input, got ${JSON.stringify(value)}`);
  }
  return wire.value;
}
