/**
 * Test fixtures: stack-output documents shaped exactly like `pulumi stack output --json` of the infra
 * program (see the contract in infra/), with the secret included as `--show-secrets` would print it,
 * so tests can prove the expiry check never lets it through.
 */

export const FIXTURE_SECRET = "Xq8~fixture-client-secret-value-1234567890";

export interface FixtureDates {
  /** Expiry of slot A (the current slot unless `current` says otherwise). */
  slotAExpiresAt: string;
  slotBExpiresAt: string;
  nextRotationAt: string;
  current?: "a" | "b";
}

export function stackOutputsFixture(dates: FixtureDates): Record<string, unknown> {
  const current = dates.current ?? "a";
  const slotAKeyId = "aaaaaaaa-1111-4111-8111-111111111111";
  const slotBKeyId = "bbbbbbbb-2222-4222-8222-222222222222";
  return {
    tenantId: "00000000-0000-4000-8000-000000000001",
    clientId: "11111111-1111-4111-8111-000000000002",
    applicationObjectId: "22222222-2222-4222-8222-000000000003",
    servicePrincipalObjectId: "33333333-3333-4333-8333-000000000004",
    clientSecret: FIXTURE_SECRET,
    clientSecretKeyId: current === "a" ? slotAKeyId : slotBKeyId,
    clientSecretExpiresAt: current === "a" ? dates.slotAExpiresAt : dates.slotBExpiresAt,
    nextRotationAt: dates.nextRotationAt,
    secretSlotAKeyId: slotAKeyId,
    secretSlotAExpiresAt: dates.slotAExpiresAt,
    secretSlotBKeyId: slotBKeyId,
    secretSlotBExpiresAt: dates.slotBExpiresAt,
    adminConsentUrl:
      "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001/adminconsent?client_id=11111111-1111-4111-8111-000000000002",
    countryCode: "DE",
    roger365: {
      Name: "ROGER365.io Azure Entra replicator",
      Type: "MicrosoftEntra",
      "Tenant Id": "00000000-0000-4000-8000-000000000001",
      "Client id": "11111111-1111-4111-8111-000000000002",
      "Client Secret": FIXTURE_SECRET,
      "Contact URL": "",
      "Country Code": "DE",
    },
  };
}
