import { Command, CommanderError, InvalidArgumentError } from "commander";

import { evaluateExpiry, type StackOutputsDocument } from "./lib/expiryEvaluation";
import { formatExpiryJson, formatExpiryTable } from "./lib/expiryReport";
import { PulumiNotFoundError, readOutputsFile, readOutputsFromPulumi } from "./lib/expirySources";
import { readAllStdin } from "./lib/stackOutputs";

/** Exit code for usage errors: "no valid reading" is as bad as an expired secret for a pipeline. */
const USAGE_EXIT_CODE = 2;

interface Options {
  stack: string[];
  warnDays: number;
  json?: boolean;
  at?: Date;
}

function main(argv: readonly string[]): number {
  const program = new Command()
    .name("check-expiry")
    .description(
      "Reports each tenant's current client secret expiry, both rotation slots and the next rotation.\n" +
        "Exit code: 0 fine, 1 a secret expires within the warning window (or rotation is overdue),\n" +
        "2 expired, no valid secret, or outputs missing. The worst stack decides. Never reads the secret.",
    )
    .argument(
      "[files...]",
      "saved `pulumi stack output --json` documents: path (stack named after the file), stack=path, or - for stdin",
    )
    .option("--stack <name>", "read this stack with `pulumi stack output --json` (repeatable)", collect, [])
    .option("--warn-days <days>", "warning window in days", parseWarnDays, 30)
    .option("--json", "print one JSON document instead of a table")
    .option("--at <iso-date-time>", "evaluate as of this instant instead of now", parseInstant)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version"
        ? 0
        : USAGE_EXIT_CODE;
    }
    throw error;
  }
  const files = program.processedArgs[0] as string[];
  const options = program.opts<Options>();

  let documents: StackOutputsDocument[];
  try {
    documents = collectDocuments(files, options.stack);
  } catch (error) {
    if (error instanceof PulumiNotFoundError || error instanceof UsageError) {
      process.stderr.write(`check-expiry: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }

  const report = evaluateExpiry(documents, options.at ?? new Date(), options.warnDays);
  process.stdout.write(options.json ? formatExpiryJson(report) : formatExpiryTable(report));
  return report.exitCode;
}

class UsageError extends Error {}

function collectDocuments(files: readonly string[], stacks: readonly string[]): StackOutputsDocument[] {
  if (files.length === 0 && stacks.length === 0) {
    if (process.stdin.isTTY) {
      throw new UsageError(
        "no stack outputs given: pass files saved from `pulumi stack output --json`, --stack <name>, " +
          "or pipe one document: `pulumi stack output --json | npm run check-expiry`",
      );
    }
    return [readOutputsFile("-", readAllStdin)];
  }
  return [
    ...files.map((file) => readOutputsFile(file, readAllStdin)),
    ...stacks.map((s) => readOutputsFromPulumi(s)),
  ];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseWarnDays(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(
      `--warn-days must be a whole number of days ≥ 0 (e.g. 30), got "${value}"`,
    );
  }
  return Number(value);
}

function parseInstant(value: string): Date {
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(instant.getTime())) {
    throw new InvalidArgumentError(
      `--at must be an ISO 8601 date-time (e.g. 2027-01-31T00:00:00Z), got "${value}"`,
    );
  }
  return instant;
}

process.exitCode = main(process.argv.slice(2));
