/**
 * The outputs of the infra program (infra/index.ts), in declaration order: what ROGER365, the sync
 * (`--stack-outputs`) and the scripts (check-expiry, roger365-settings) read.
 */
export const STACK_OUTPUT = {
  tenantId: "tenantId",
  clientId: "clientId",
  applicationObjectId: "applicationObjectId",
  servicePrincipalObjectId: "servicePrincipalObjectId",
  clientSecret: "clientSecret",
  clientSecretExpiresAt: "clientSecretExpiresAt",
  clientSecretKeyId: "clientSecretKeyId",
  nextRotationAt: "nextRotationAt",
  /** What each slot holds and when it was published; the next update reads it back (not secret). */
  secretRotation: "secretRotation",
  secretSlotAKeyId: "secretSlotAKeyId",
  secretSlotAExpiresAt: "secretSlotAExpiresAt",
  secretSlotBKeyId: "secretSlotBKeyId",
  secretSlotBExpiresAt: "secretSlotBExpiresAt",
  adminConsentUrl: "adminConsentUrl",
  countryCode: "countryCode",
  keyVault: "keyVault",
  roger365: "roger365",
} as const;

export type StackOutputName = keyof typeof STACK_OUTPUT;

export const STACK_OUTPUT_NAMES = Object.values(STACK_OUTPUT) as StackOutputName[];

/** Fields of the `keyVault` output (present only when the secret is mirrored into Key Vault). */
export const KEY_VAULT_OUTPUT = {
  vaultUri: "vaultUri",
  secretName: "secretName",
  secretId: "secretId",
} as const;

/** What `pulumi stack output --json` prints in place of a secret when --show-secrets is missing. */
export const MASKED_SECRET = "[secret]";
