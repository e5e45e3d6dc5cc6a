import type { TenantExpiry } from "./expiryEvaluation";

/**
 * Pure evaluation of one secret of the infra's Key Vault mirror: its attributes (never its value) and
 * "now" in, the same per-tenant verdict as for stack outputs out. The mirror knows only the current
 * secret (no slots, no rotation date), so only its expiry is judged.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the vault's list operation says about one secret, or why it could not be read. */
export interface VaultSecretReading {
  vaultUrl: string;
  secretName: string;
  /** Attributes of the latest version; absent when `readError` says why. */
  properties?: {
    enabled: boolean;
    expiresOn: Date | null;
    tags: Record<string, string>;
  };
  readError?: string;
}

/** How the reading is labelled in the report's STACK column: the vault host and the secret name. */
export function vaultSecretLabel(reading: Pick<VaultSecretReading, "vaultUrl" | "secretName">): string {
  return `${new URL(reading.vaultUrl).host}/${reading.secretName}`;
}

export function evaluateVaultSecretExpiry(
  reading: VaultSecretReading,
  now: Date,
  warnDays: number,
): TenantExpiry {
  const label = vaultSecretLabel(reading);
  const properties = reading.properties;
  const base = {
    stack: label,
    tenantId: null,
    clientId: properties?.tags.clientId ?? null,
    currentSlot: null,
    slots: { a: null, b: null },
    nextRotationAt: null,
    daysUntilRotation: null,
  };
  const invalid = (finding: string): TenantExpiry => ({
    ...base,
    currentSecret: null,
    status: "invalid",
    findings: [finding],
  });
  if (properties === undefined) return invalid(reading.readError ?? "the secret could not be read");
  if (properties.expiresOn === null) {
    return invalid(
      "the secret has no expiry date (attributes.expires): it is not the infra's mirror, which always sets it; " +
        "check --secret-name against `pulumi stack output keyVault`, or run `pulumi up` for its stack",
    );
  }
  const expiresAt = properties.expiresOn.toISOString();
  const currentSecret = {
    keyId: properties.tags.keyId ?? "-",
    expiresAt,
    daysLeft: Math.floor((properties.expiresOn.getTime() - now.getTime()) / DAY_MS),
  };
  if (!properties.enabled) {
    return {
      ...invalid("the secret is disabled: readers cannot get it; run `pulumi up` for its stack"),
      currentSecret,
    };
  }
  if (properties.expiresOn.getTime() <= now.getTime()) {
    return {
      ...base,
      currentSecret,
      status: "expired",
      findings: [
        `the client secret in the vault expired on ${expiresAt}: every consumer reading it fails. Run \`pulumi up\` ` +
          "for its stack now (it writes the current secret into the vault)",
      ],
    };
  }
  if (properties.expiresOn.getTime() - now.getTime() <= warnDays * DAY_MS) {
    return {
      ...base,
      currentSecret,
      status: "warning",
      findings: [
        `the client secret in the vault expires in ${currentSecret.daysLeft} days (${expiresAt}), within the ` +
          `${warnDays}-day warning window: rotation has stalled. Run \`pulumi up\` for its stack and fix its scheduled pipeline`,
      ],
    };
  }
  return { ...base, currentSecret, status: "fine", findings: [] };
}
