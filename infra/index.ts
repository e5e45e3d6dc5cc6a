import * as pulumi from "@pulumi/pulumi";
import { ConfigError, rotationPolicyOf, ReplicatorConfig, validateStackFileConfig } from "./config";
import { AzureNativeSignInError, requireAzureNativeSubscription } from "./azureNativeSignIn";
import { EntraReplicatorApp, EntraReplicatorAppArgs } from "./entraReplicatorApp";
import { EntraReplicatorArgsError } from "./entraReplicatorArgs";
import { loginHostOfEnvironment, UnknownCloudEnvironmentError } from "./microsoftGraph";

/** The one place the program reads the clock: everything below is a function of this instant. */
const now = new Date(Date.now());

function readConfig(): ReplicatorConfig & { loginHost: string } {
  const allConfig = pulumi.runtime.allConfig();
  try {
    const loginHost = loginHostOfEnvironment(allConfig["azuread:environment"]);
    const config = validateStackFileConfig(allConfig, now);
    requireAzureNativeSubscription({
      keyVault: config.keyVault !== undefined,
      config: allConfig,
      env: process.env,
    });
    return { ...config, loginHost };
  } catch (error) {
    // A RunError is printed without a stack trace: the message already says what to fix.
    const explained =
      error instanceof ConfigError ||
      error instanceof UnknownCloudEnvironmentError ||
      error instanceof AzureNativeSignInError;
    throw explained ? new pulumi.RunError(error.message) : error;
  }
}

const config = readConfig();

// This stack's own outputs as of its previous update: what each secret slot holds, so a run after a
// stalled schedule replaces only the slot nobody uses (infra/secretRotationPlan.ts). The engine reads
// them from the backend (builtin provider readStackReference → GetStackOutputs); a new stack has none.
const self = new pulumi.StackReference(
  `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
);

function declare(args: EntraReplicatorAppArgs): EntraReplicatorApp {
  try {
    return new EntraReplicatorApp("entra-replicator", args);
  } catch (error) {
    // Config validation should have caught it; if not, the argument's name is still the whole story.
    throw error instanceof EntraReplicatorArgsError ? new pulumi.RunError(error.message) : error;
  }
}

const app = declare({
  displayName: config.displayName,
  countryCode: config.countryCode,
  deployerObjectId: config.deployerObjectId,
  ownerObjectIds: config.ownerObjectIds,
  grantAdminConsent: config.grantAdminConsent,
  adminConsentImportId: config.existingAdminConsentId,
  secretRotation: rotationPolicyOf(config),
  now,
  previousRotation: self.getOutput("secretRotation"),
  keyVault: config.keyVault,
  loginHost: config.loginHost,
});

export const tenantId = app.tenantId;
export const clientId = app.clientId;
export const applicationObjectId = app.applicationObjectId;
export const servicePrincipalObjectId = app.servicePrincipalObjectId;
export const clientSecret = app.clientSecret;
export const clientSecretExpiresAt = app.clientSecretExpiresAt;
export const clientSecretKeyId = app.clientSecretKeyId;
export const nextRotationAt = app.nextRotationAt;
export const secretRotation = app.secretRotation;
export const secretSlotAKeyId = app.secretSlotAKeyId;
export const secretSlotAExpiresAt = app.secretSlotAExpiresAt;
export const secretSlotBKeyId = app.secretSlotBKeyId;
export const secretSlotBExpiresAt = app.secretSlotBExpiresAt;
export const adminConsentUrl = app.adminConsentUrl;
export const countryCode = app.countryCode;
export const keyVault = app.keyVault;
export const roger365 = app.roger365;
