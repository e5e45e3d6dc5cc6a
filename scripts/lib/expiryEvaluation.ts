import { pickExpiryFields, stackInCommand } from "./expiryFields";

/**
 * Pure evaluation of secret expiry across tenant stacks: stack outputs + "now" in, a report out.
 * No I/O and no clock, so every case is a table test.
 */

export type ExpiryStatus = "fine" | "warning" | "expired" | "invalid";

/** Process exit code per status: the worst tenant decides the run's exit code. */
export const EXIT_CODE: Readonly<Record<ExpiryStatus, 0 | 1 | 2>> = {
  fine: 0,
  warning: 1,
  expired: 2,
  invalid: 2,
};

const SEVERITY: Readonly<Record<ExpiryStatus, number>> = { fine: 0, warning: 1, expired: 2, invalid: 3 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long after `nextRotationAt` a missing rotation is not yet "overdue": the schedule runs daily, so a
 * check made hours after a window opened (before that day's run) must not cry wolf.
 */
export const ROTATION_GRACE_MS = DAY_MS;

/** One stack's `pulumi stack output --json` document, or why it could not be read. */
export interface StackOutputsDocument {
  stack: string;
  outputs?: unknown;
  readError?: string;
}

export interface SecretExpiry {
  keyId: string;
  expiresAt: string;
  /** Whole days until expiry, rounded down; negative once expired. */
  daysLeft: number;
}

export interface TenantExpiry {
  stack: string;
  status: ExpiryStatus;
  tenantId: string | null;
  clientId: string | null;
  /** Which slot holds the current (newest) secret, the one ROGER365 and Key Vault should use. */
  currentSlot: "a" | "b" | null;
  currentSecret: SecretExpiry | null;
  slots: { a: SecretExpiry | null; b: SecretExpiry | null };
  nextRotationAt: string | null;
  daysUntilRotation: number | null;
  /** Why the status is not "fine", each with the fix. Empty when fine. */
  findings: string[];
}

export interface ExpiryReport {
  checkedAt: string;
  warnDays: number;
  status: ExpiryStatus;
  exitCode: 0 | 1 | 2;
  tenants: TenantExpiry[];
}

export function evaluateExpiry(
  stacks: readonly StackOutputsDocument[],
  now: Date,
  warnDays: number,
): ExpiryReport {
  if (!Number.isInteger(warnDays) || warnDays < 0) {
    throw new RangeError(`warnDays must be a whole number of days ≥ 0, got ${warnDays}`);
  }
  return summariseExpiry(
    stacks.map((document) => evaluateTenantExpiry(document, now, warnDays)),
    now,
    warnDays,
  );
}

/** The report over tenants evaluated from any source (stack outputs, the Key Vault mirror): the worst decides. */
export function summariseExpiry(tenants: TenantExpiry[], now: Date, warnDays: number): ExpiryReport {
  const status = tenants.reduce<ExpiryStatus>(
    (worst, tenant) => (SEVERITY[tenant.status] > SEVERITY[worst] ? tenant.status : worst),
    "fine",
  );
  return { checkedAt: now.toISOString(), warnDays, status, exitCode: EXIT_CODE[status], tenants };
}

export function evaluateTenantExpiry(
  document: StackOutputsDocument,
  now: Date,
  warnDays: number,
): TenantExpiry {
  const { stack } = document;
  const stackFlag = `--stack ${stackInCommand(stack)}`;
  const { values, problems } =
    document.readError === undefined
      ? pickExpiryFields(document.outputs, stack)
      : { values: {}, problems: [document.readError] };

  const secret = (keyId: string | undefined, expiresAt: string | undefined): SecretExpiry | null =>
    keyId === undefined || expiresAt === undefined
      ? null
      : { keyId, expiresAt, daysLeft: wholeDaysBetween(now, new Date(expiresAt)) };

  const slots = {
    a: secret(values.secretSlotAKeyId, values.secretSlotAExpiresAt),
    b: secret(values.secretSlotBKeyId, values.secretSlotBExpiresAt),
  };
  const currentSecret = secret(values.clientSecretKeyId, values.clientSecretExpiresAt);
  const currentSlot = currentSecret === null ? null : slotHolding(currentSecret.keyId, slots);
  const findings = [...problems];
  if (currentSecret !== null && currentSlot === null && slots.a !== null && slots.b !== null) {
    findings.push(
      `output "clientSecretKeyId" matches neither secret slot: the outputs are inconsistent; run \`pulumi up ${stackFlag}\``,
    );
  }

  const base = {
    stack,
    tenantId: values.tenantId ?? null,
    clientId: values.clientId ?? null,
    currentSlot,
    currentSecret,
    slots,
    nextRotationAt: values.nextRotationAt ?? null,
    daysUntilRotation:
      values.nextRotationAt === undefined ? null : wholeDaysBetween(now, new Date(values.nextRotationAt)),
  };
  if (findings.length > 0 || currentSecret === null) {
    return { ...base, status: "invalid", findings };
  }

  const expiresAtMs = Date.parse(currentSecret.expiresAt);
  if (expiresAtMs <= now.getTime()) {
    findings.push(
      `the current client secret expired on ${currentSecret.expiresAt}: the tenant's connection is broken. ` +
        `Run \`pulumi up ${stackFlag}\` now, then paste the new secret into ROGER365 (\`npm run roger365-settings\`)`,
    );
    return { ...base, status: "expired", findings };
  }
  if (expiresAtMs - now.getTime() <= warnDays * DAY_MS) {
    findings.push(
      `the current client secret expires in ${currentSecret.daysLeft} days (${currentSecret.expiresAt}), ` +
        `within the ${warnDays}-day warning window: rotation has stalled. Run \`pulumi up ${stackFlag}\` ` +
        `and fix the scheduled pipeline for this stack`,
    );
  }
  if (
    values.nextRotationAt !== undefined &&
    Date.parse(values.nextRotationAt) + ROTATION_GRACE_MS <= now.getTime()
  ) {
    findings.push(
      `rotation is overdue since ${values.nextRotationAt}: no \`pulumi up\` has run for this stack since then. ` +
        `Run \`pulumi up ${stackFlag}\` and check the scheduled pipeline`,
    );
  }
  return { ...base, status: findings.length > 0 ? "warning" : "fine", findings };
}

function slotHolding(keyId: string, slots: TenantExpiry["slots"]): "a" | "b" | null {
  if (slots.a?.keyId === keyId) return "a";
  if (slots.b?.keyId === keyId) return "b";
  return null;
}

function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
