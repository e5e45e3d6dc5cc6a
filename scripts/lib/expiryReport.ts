import type { ExpiryReport, SecretExpiry, TenantExpiry } from "./expiryEvaluation";

/** Renders an expiry report for people (a table plus findings) or pipelines (one JSON document). */

export function formatExpiryJson(report: ExpiryReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const HEADERS = ["STACK", "STATUS", "CURRENT", "EXPIRES", "DAYS LEFT", "SLOT A", "SLOT B", "NEXT ROTATION"];

export function formatExpiryTable(report: ExpiryReport): string {
  const rows = report.tenants.map(tenantRow);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();

  const findings = report.tenants.flatMap((tenant) =>
    tenant.findings.map((finding) => `${tenant.stack}: ${finding}`),
  );
  return [
    `Secret expiry as of ${displayTime(report.checkedAt)} (warning window: ${report.warnDays} days)`,
    "",
    line(HEADERS),
    ...rows.map(line),
    ...(findings.length > 0 ? ["", ...findings] : []),
    "",
    `Overall: ${report.status.toUpperCase()} (exit ${report.exitCode})`,
    "",
  ].join("\n");
}

function tenantRow(tenant: TenantExpiry): string[] {
  const current = tenant.currentSecret;
  return [
    tenant.stack,
    tenant.status.toUpperCase(),
    tenant.currentSlot === null ? "-" : `slot ${tenant.currentSlot.toUpperCase()}`,
    current === null ? "-" : displayTime(current.expiresAt),
    current === null ? "-" : String(current.daysLeft),
    slotCell(tenant.slots.a),
    slotCell(tenant.slots.b),
    tenant.nextRotationAt === null ? "-" : displayTime(tenant.nextRotationAt),
  ];
}

function slotCell(slot: SecretExpiry | null): string {
  return slot === null ? "-" : `${displayTime(slot.expiresAt)} (${slot.daysLeft}d)`;
}

/** `2027-01-31T00:00:00.000Z` → `2027-01-31 00:00Z`: short enough for a table, unambiguous. */
function displayTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}
