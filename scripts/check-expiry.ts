import { Command, InvalidArgumentError } from "commander";

import {
  evaluateTenantExpiry,
  type StackOutputsDocument,
  summariseExpiry,
  type TenantExpiry,
} from "./lib/expiryEvaluation";
import { evaluateVaultSecretExpiry } from "./lib/expiryKeyVault";
import { readVaultSecrets } from "./lib/expiryKeyVaultSource";
import { formatExpiryJson, formatExpiryTable } from "./lib/expiryReport";
import { PulumiNotFoundError, readOutputsFile, readOutputsFromPulumi } from "./lib/expirySources";
import { parseArguments } from "./lib/parseArguments";
import { readAllStdin } from "./lib/stackOutputs";

/** Exit code for usage errors: "no valid reading" is as bad as an expired secret for a pipeline. */
const USAGE_EXIT_CODE = 2;

interface Options {
  stack: string[];
  keyVaultUrl?: string;
  secretName: string[];
  warnDays: number;
  json?: boolean;
  at?: Date;
}

async function main(argv: readonly string[]): Promise<number> {
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
    .option(
      "--key-vault-url <url>",
      "also read the Key Vault mirror (attributes only, as DefaultAzureCredential's identity), e.g. https://kv.vault.azure.net",
      parseVaultUrl,
    )
    .option("--secret-name <name>", "a secret of that vault to check (repeatable)", collect, [])
    .option("--warn-days <days>", "warning window in days", parseWarnDays, 30)
    .option("--json", "print one JSON document instead of a table")
    .option("--at <iso-date-time>", "evaluate as of this instant instead of now", parseInstant)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const parseExit = parseArguments(program, argv, USAGE_EXIT_CODE);
  if (parseExit !== null) return parseExit;
  const files = program.processedArgs[0] as string[];
  const options = program.opts<Options>();

  if ((options.keyVaultUrl === undefined) !== (options.secretName.length === 0)) {
    process.stderr.write(
      "check-expiry: --key-vault-url and --secret-name go together: give the vault (stack output keyVault.vaultUri) " +
        "and at least one secret name (keyVault.secretName)\n",
    );
    return USAGE_EXIT_CODE;
  }
  const vaultOnly = options.keyVaultUrl !== undefined && files.length === 0 && options.stack.length === 0;

  let documents: StackOutputsDocument[];
  try {
    documents = vaultOnly ? [] : collectDocuments(files, options.stack);
  } catch (error) {
    if (error instanceof PulumiNotFoundError || error instanceof UsageError) {
      process.stderr.write(`check-expiry: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }

  const now = options.at ?? new Date();
  const tenants: TenantExpiry[] = documents.map((document) =>
    evaluateTenantExpiry(document, now, options.warnDays),
  );
  if (options.keyVaultUrl !== undefined) {
    const readings = await readVaultSecrets(options.keyVaultUrl, options.secretName);
    tenants.push(...readings.map((reading) => evaluateVaultSecretExpiry(reading, now, options.warnDays)));
  }
  const report = summariseExpiry(tenants, now, options.warnDays);
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

function parseVaultUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url === null || url.protocol !== "https:" || !/^\/?$/.test(url.pathname) || url.search !== "") {
    throw new InvalidArgumentError(
      `--key-vault-url must be the vault's https URL (stack output keyVault.vaultUri), e.g. https://kv-contoso.vault.azure.net, got "${value}"`,
    );
  }
  return url.origin;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
