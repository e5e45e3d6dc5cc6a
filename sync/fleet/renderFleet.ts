/** The human rendering of a fleet run: one row per tenant, then what to fix for each one that did not succeed. */
import type { FleetReport } from "./runFleet";
import type { TenantReport } from "./tenantReport";

const COLUMNS: [string, (report: TenantReport) => string][] = [
  ["TENANT", (r) => r.name],
  ["TENANT ID", (r) => r.tenantId ?? "-"],
  ["OUTCOME", (r) => r.outcome],
  ["MODE", (r) => r.mode ?? "-"],
  ["CREATED", (r) => String(r.created)],
  ["UPDATED", (r) => String(r.updated)],
  ["DELETED", (r) => String(r.deleted)],
  ["UNCHANGED", (r) => String(r.unchanged)],
  ["BAD #", (r) => String(r.invalidNumbers)],
  ["TIME", (r) => `${(r.durationMs / 1000).toFixed(1)} s`],
];

export function renderFleet(report: FleetReport): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...report.tenants.map((r) => COLUMNS.map(([, cell]) => cell(r))),
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  const byOutcome = new Map<string, number>();
  for (const tenant of report.tenants)
    byOutcome.set(tenant.outcome, (byOutcome.get(tenant.outcome) ?? 0) + 1);
  const tally = [...byOutcome].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
  const problems = report.tenants.flatMap((tenant) =>
    tenant.error === null ? [] : [`${tenant.name}: ${tenant.error.message}`, `  Fix: ${tenant.error.fix}`],
  );
  return [
    ...table,
    "",
    `${report.tenants.length} tenant(s): ${tally} — ${(report.durationMs / 1000).toFixed(1)} s, concurrency ${report.concurrency}, store ${report.store}`,
    ...(problems.length === 0 ? [] : ["", ...problems]),
  ].join("\n");
}
