/** The stack outputs of infra/index.ts, in declaration order: the contract ROGER365, the sync and the expiry check read. */
export const STACK_OUTPUT_NAMES = [
  "tenantId",
  "clientId",
  "applicationObjectId",
  "servicePrincipalObjectId",
  "clientSecret",
  "clientSecretExpiresAt",
  "clientSecretKeyId",
  "nextRotationAt",
  "secretSlotAKeyId",
  "secretSlotAExpiresAt",
  "secretSlotBKeyId",
  "secretSlotBExpiresAt",
  "adminConsentUrl",
  "countryCode",
  "keyVault",
  "roger365",
];
