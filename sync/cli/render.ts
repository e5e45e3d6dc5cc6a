import type { DoctorReport } from "../api/doctor";
import type { LookupResult } from "../api/lookup";
import type { StatusReport } from "../api/status";
import type { SyncResult } from "../api/sync";
import type { ReplicatorError } from "../errors";
import type { Contact, RunSummary } from "../model";

/** Human-readable renderings of the command results; `--json` prints the results themselves instead. */

const LIST_LIMIT = 20;

export function renderSummary(summary: RunSummary): string {
  const seconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  const heading =
    summary.outcome === "dry-run"
      ? `Dry run (${summary.mode} round, ${plural(summary.pages, "page")}, ${seconds.toFixed(1)} s): nothing was written.`
      : `Sync ${summary.outcome} (${summary.mode} round, ${plural(summary.pages, "page")}, ${seconds.toFixed(1)} s).`;
  const verb = summary.outcome === "dry-run" ? "would be " : "";
  return [
    heading,
    `  ${verb}created ${summary.created}, ${verb}updated ${summary.updated}, ${verb}deleted ${summary.deleted}, unchanged ${summary.unchanged}`,
    `  invalid numbers in the contacts it ${verb === "" ? "wrote" : "would write"} ${summary.invalidNumbers}, escrowed records ${summary.escrowed}`,
    ...(summary.message === null ? [] : [`  ${summary.message}`]),
  ].join("\n");
}

export function renderSyncResult(result: SyncResult): string {
  const lines = [renderSummary(result)];
  const planned = result.plannedChanges;
  if (planned !== null) {
    lines.push(...listed("would create or update", planned.upsert.map(describeContact)));
    lines.push(...listed("would delete", planned.delete));
    lines.push(
      ...listed(
        "would escrow",
        planned.escrow.map((record) => `${record.id}: ${record.reason}`),
      ),
    );
  }
  if (result.invalidNumbers > 0 && planned === null) {
    lines.push("  `entra-replicator status` lists the numbers that failed to normalise.");
  }
  return lines.join("\n");
}

export function renderLookup(result: LookupResult): string {
  const extension = result.extension === null ? "" : ` ext. ${result.extension}`;
  if (result.matches.length === 0) return `No contact has ${result.e164}${extension}.`;
  const lines = [`${result.matches.length} contact(s) with ${result.e164}${extension}:`];
  for (const contact of result.matches) {
    lines.push(`  ${describeContact(contact)}`);
    const { mail, jobTitle, department } = contact.user;
    const about = [jobTitle, department, mail].filter((part) => part !== null && part !== "").join(" · ");
    if (about !== "") lines.push(`    ${about}`);
    for (const phone of contact.phones) {
      const number = phone.e164 ?? `${phone.raw} (invalid: ${phone.problem ?? "unknown"})`;
      lines.push(`    ${phone.type}: ${number}${phone.extension === null ? "" : ` ext. ${phone.extension}`}`);
    }
  }
  return lines.join("\n");
}

export function renderStatus(report: StatusReport): string {
  const incremental =
    report.incrementalReady === null
      ? "no sync yet"
      : report.incrementalReady
        ? "yes"
        : "no (next sync is a full round)";
  const lines = [
    `Directory ${report.storePath}`,
    `  contacts ${report.contacts}; next sync incremental: ${incremental}`,
    "",
    "Recent runs:",
    ...(report.recentRuns.length === 0
      ? ["  none"]
      : report.recentRuns.map(
          (run) =>
            `  ${run.startedAt}  ${run.outcome.padEnd(25)} ${run.mode.padEnd(11)} ` +
            `+${run.created} ~${run.updated} -${run.deleted} =${run.unchanged}` +
            (run.message === null ? "" : `  ${run.message}`),
        )),
    "",
    ...listed(
      "Numbers that failed to normalise",
      report.invalidNumbers.map(
        (entry) => `${entry.displayName} (${entry.contactId}) ${entry.type} "${entry.raw}": ${entry.problem}`,
      ),
    ),
    ...listed(
      "Escrowed records",
      report.escrowed.map((record) => `${record.id}: ${record.reason}`),
    ),
  ];
  return lines.join("\n");
}

export function renderDoctor(report: DoctorReport): string {
  const lines = report.checks.map((check) => {
    const mark = check.skipped ? "-" : check.ok ? "✔" : "✘";
    const fix = check.fix === null ? "" : `\n    fix: ${check.fix}`;
    return `${mark} ${check.name}: ${check.detail}${fix}`;
  });
  lines.push(
    report.ok
      ? "Ready to sync."
      : "Not ready: fix the first failed check and run `entra-replicator doctor` again.",
  );
  return lines.join("\n");
}

export function renderError(error: ReplicatorError): string {
  const field = error.field === undefined ? "" : ` (${error.field})`;
  return `error [${error.code}]${field}: ${error.message}\n  fix: ${error.fix}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function describeContact(contact: Contact): string {
  return `${contact.displayName} (${contact.id})`;
}

function listed(title: string, items: string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, LIST_LIMIT).map((item) => `    ${item}`);
  const more =
    items.length > LIST_LIMIT ? [`    … and ${items.length - LIST_LIMIT} more (--json lists all)`] : [];
  return [`  ${title} (${items.length}):`, ...shown, ...more];
}
