import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { defaultKeyVaultSecretName, type KeyVaultConfig } from "./keyVaultConfig";

export interface KeyVaultMirrorArgs {
  /** Which vault and secret name; `create` decides whether the vault is created by this stack. */
  vault: KeyVaultConfig;
  /** The app registration's client id, recorded as a tag. */
  clientId: pulumi.Input<string>;
  /** The current client secret. Always stored as a Pulumi secret. */
  secretValue: pulumi.Input<string>;
  /** Key id of the current client secret, recorded as a tag. */
  secretKeyId: pulumi.Input<string>;
  /** End date of the current client secret (RFC 3339); becomes the Key Vault `expires` attribute. */
  expiresAt: pulumi.Input<string>;
}

export interface KeyVaultMirrorOutput {
  vaultUri: pulumi.Output<string>;
  secretName: string;
  /** Versioned id of the secret value currently mirrored. */
  secretId: pulumi.Output<string>;
}

const SECRET_PERMISSIONS_DEPLOYER = ["get", "list", "set", "delete", "recover"];
const SECRET_PERMISSIONS_READER = ["get", "list"];

/** Key Vault wants `expires` in seconds since the epoch. */
export function toEpochSeconds(rfc3339: string): number {
  return Math.floor(Date.parse(rfc3339) / 1000);
}

/**
 * Mirrors the current client secret into Azure Key Vault, so other systems read it from there instead of
 * from the Pulumi state. Each rotation writes a new version of the same secret.
 */
export class KeyVaultMirror extends pulumi.ComponentResource {
  public readonly vaultUri: pulumi.Output<string>;
  public readonly secretName: string;
  public readonly secretId: pulumi.Output<string>;

  constructor(name: string, args: KeyVaultMirrorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-replicator:infra:KeyVaultMirror", name, {}, opts);
    const { vault: config } = args;
    const secretName = config.secretName ?? defaultKeyVaultSecretName(pulumi.getStack());

    // Access policies rather than RBAC: the stack can then grant itself and the readers access with the
    // keyvault API alone, without the Azure role-assignment permission (User Access Administrator).
    // A created vault belongs to the tenant of the subscription azure-native deploys to — the pipeline's
    // home tenant, or the customer's when azure-native:tenantId says so — not necessarily the customer
    // tenant azuread deploys the app to. Key Vault takes data-plane tokens only from its own tenant, so
    // its tenant and the deployer's object id there come from azure-native's own client config
    // (provider/pkg/provider/auth_getclientconfig.go: the token's tid and oid claims).
    const home = config.create ? authorization.getClientConfigOutput({ parent: this }) : undefined;
    const vault = home
      ? new keyvault.Vault(
          `${name}-vault`,
          {
            resourceGroupName: config.resourceGroupName,
            vaultName: config.vaultName,
            location: config.location,
            properties: {
              tenantId: home.tenantId,
              sku: { family: "A", name: "standard" },
              enableRbacAuthorization: false,
              enableSoftDelete: true,
              softDeleteRetentionInDays: 90,
              enablePurgeProtection: true,
              accessPolicies: [
                {
                  tenantId: home.tenantId,
                  objectId: home.objectId,
                  permissions: { secrets: SECRET_PERMISSIONS_DEPLOYER },
                },
                ...config.readerObjectIds.map((objectId) => ({
                  tenantId: home.tenantId,
                  objectId,
                  permissions: { secrets: SECRET_PERMISSIONS_READER },
                })),
              ],
            },
            tags: { "managed-by": "pulumi entra-replicator" },
          },
          { parent: this },
        )
      : undefined;

    const secret = new keyvault.Secret(
      `${name}-secret`,
      {
        resourceGroupName: config.resourceGroupName,
        vaultName: vault ? vault.name : config.vaultName,
        secretName,
        properties: {
          value: pulumi.secret(args.secretValue),
          contentType: "Microsoft Entra client secret",
          attributes: { enabled: true, expires: pulumi.output(args.expiresAt).apply(toEpochSeconds) },
        },
        tags: { clientId: args.clientId, keyId: args.secretKeyId, "managed-by": "pulumi entra-replicator" },
      },
      // azure-native writes a Key Vault secret through ARM but deletes it through the vault's DATA plane
      // (provider/pkg/resources/customresources/custom_keyvault.go: "DELETE is implemented via the
      // KeyVault data plane API"; azsecrets DeleteSecret). A deployer with control-plane rights only (Key
      // Vault Contributor on an existing vault) could create it but then fail `pulumi destroy` and any
      // replacement. Decided: the stack never deletes it — destroy and replacement forget it, and the
      // runbook removes it by hand (docs/OPERATIONS.md "Remove a tenant"). Its value is a client secret the
      // same destroy revokes in Entra, so what stays behind is inert.
      { parent: this, retainOnDelete: true },
    );

    // `properties` also carries the secret value as an input, so the engine may mark the whole output
    // object secret; the URIs are not sensitive and the expiry check reads them without --show-secrets.
    const secretProperties = pulumi.unsecret(secret.properties);
    this.secretName = secretName;
    this.secretId = secretProperties.secretUriWithVersion;
    this.vaultUri = vault
      ? pulumi.unsecret(vault.properties.vaultUri)
      : secretProperties.secretUri.apply((uri) => `${new URL(uri).origin}/`);
    this.registerOutputs({ vaultUri: this.vaultUri, secretName: this.secretName, secretId: this.secretId });
  }
}
