import * as pulumi from "@pulumi/pulumi";
import { ConfigError, rotationPolicyOf, ReplicatorConfig, validateStackFileConfig } from "./config";
import { EntraReplicatorApp } from "./entraReplicatorApp";
import { loginHostOfEnvironment, UnknownCloudEnvironmentError } from "./microsoftGraph";

function readConfig(): ReplicatorConfig & { loginHost: string } {
  const allConfig = pulumi.runtime.allConfig();
  try {
    const loginHost = loginHostOfEnvironment(allConfig["azuread:environment"]);
    return { ...validateStackFileConfig(allConfig, new Date(Date.now())), loginHost };
  } catch (error) {
    // A RunError is printed without a stack trace: the message already says what to fix.
    const explained = error instanceof ConfigError || error instanceof UnknownCloudEnvironmentError;
    throw explained ? new pulumi.RunError(error.message) : error;
  }
}

const config = readConfig();

const app = new EntraReplicatorApp("entra-replicator", {
  displayName: config.displayName,
  countryCode: config.countryCode,
  ownerObjectIds: config.ownerObjectIds,
  grantAdminConsent: config.grantAdminConsent,
  secretRotation: rotationPolicyOf(config),
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
export const secretSlotAKeyId = app.secretSlotAKeyId;
export const secretSlotAExpiresAt = app.secretSlotAExpiresAt;
export const secretSlotBKeyId = app.secretSlotBKeyId;
export const secretSlotBExpiresAt = app.secretSlotBExpiresAt;
export const adminConsentUrl = app.adminConsentUrl;
export const countryCode = app.countryCode;
export const keyVault = app.keyVault;
export const roger365 = app.roger365;
