import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXPORT_FORMATS, exportWithSettings } from "../api/exportDirectory";
import { statusWithSettings } from "../api/status";
import { CLOUD_NAMES } from "../config/clouds";
import type { SettingsResolver } from "../config/settings";
import { ExitCode, type ExitCodeValue, ReplicatorError } from "../errors";
import type { ExportFormat } from "../export";
import { scrubSecrets } from "../scrubSecrets";
import { type CliSettingOptions, resolverFromCli } from "./cliSettings";
import { registerFleetCommand } from "./commands/fleet";
import { addTenantOptions, directoryTarget, type TenantOptions } from "./commands/tenantOption";
import { exitOnStopSignals } from "./interruptions";
import { renderDoctor, renderError, renderLookup, renderStatus, renderSyncResult } from "./render";

interface CommonOptions extends CliSettingOptions {
  json?: boolean;
  logLevel?: string;
}

/** Everything the CLI prints goes through here, scrubbed of every secret it was given. */
class Output {
  private secrets: string[];

  /** Secrets visible before any parsing (a flag, the variable) are known from the start. */
  constructor(
    readonly json: boolean,
    argv: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.secrets = [...secretsInArgv(argv), env.AZURE_CLIENT_SECRET].filter(
      (secret): secret is string => secret !== undefined && secret !== "",
    );
  }

  knowSecrets(resolver: SettingsResolver): void {
    this.secrets = [...new Set([...this.secrets, ...resolver.knownSecrets()])];
  }

  result(document: unknown, human: string): void {
    this.stdout(this.json ? `${JSON.stringify(document, null, 2)}\n` : `${human}\n`);
  }

  error(error: ReplicatorError): void {
    if (this.json) {
      // Duck-typed rather than `instanceof SyncRunError`: importing the engine here would load
      // @azure/identity and the Graph client on every command (start-up budget, issue 8).
      const runSummary = (error as ReplicatorError & { summary?: unknown }).summary;
      const summary = runSummary !== undefined ? { summary: runSummary } : {};
      this.stdout(`${JSON.stringify({ error: error.toJSON(), ...summary }, null, 2)}\n`);
    } else {
      process.stderr.write(`${this.scrub(renderError(error))}\n`);
    }
  }

  private stdout(text: string): void {
    process.stdout.write(this.scrub(text));
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }
}

/** Runs the CLI; resolves to the exit code, which is also set on `process.exitCode`. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCodeValue> {
  // `entra-replicator export --format csv | head`: a reader that stops early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.Ok);
    throw error;
  });
  const output = new Output(argv.includes("--json"), argv, env);
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const run =
    <A extends unknown[]>(action: (output: Output, ...args: A) => Promise<ExitCodeValue> | ExitCodeValue) =>
    async (...args: A) => {
      exitCode = await action(output, ...args);
    };

  const program = buildProgram(output, {
    sync: run(
      async (out, options: CommonOptions & { full?: boolean; dryRun?: boolean; background?: boolean }) => {
        const resolver = resolverFromCli(options, env);
        out.knowSecrets(resolver);
        const settings = resolver.sync();
        const { createLogger } = await import("../log"); // pino: only a sync logs
        const logger = createLogger({ level: options.logLevel ?? (process.stderr.isTTY ? "warn" : "info") });
        const { createProgressReporter } = await import("./progress"); // cli-progress: only a sync draws one
        const progress = createProgressReporter(process.stderr.isTTY === true && options.json !== true);
        const restoreSignals = exitOnStopSignals();
        try {
          // Loaded on the one path that needs them: @azure/identity and the Graph client cost ~150 ms of
          // start-up that --help, lookup and status must not pay (issue 8).
          const { syncWithSettings } = await import("../engine/syncTenant");
          const result = await syncWithSettings(settings, {
            full: options.full ?? false,
            dryRun: options.dryRun ?? false,
            background: options.background ?? process.stdout.isTTY !== true,
            logger,
            onProgress: progress.update,
          });
          progress.stop();
          out.result(result, renderSyncResult(result));
          return ExitCode.Ok;
        } finally {
          restoreSignals();
          progress.stop();
        }
      },
    ),
    lookup: run(async (out, number: string, options: CommonOptions & TenantOptions) => {
      const resolver = resolverFromCli(options, env);
      out.knowSecrets(resolver);
      const target = await directoryTarget(options, resolver.store(), env);
      const { lookupWithSettings } = await import("../api/lookup"); // libphonenumber's max metadata: lookup only
      const result = await lookupWithSettings(number, target.store, target.tenant);
      out.result(result, renderLookup(result));
      return result.matches.length === 0 ? ExitCode.NotFound : ExitCode.Ok;
    }),
    status: run(async (out, options: CommonOptions & TenantOptions & { runs: number }) => {
      const resolver = resolverFromCli(options, env);
      out.knowSecrets(resolver);
      const target = await directoryTarget(options, resolver.store(), env);
      const report = await statusWithSettings(target.store, options.runs, target.tenant);
      out.result(report, renderStatus(report));
      return ExitCode.Ok;
    }),
    doctor: run(async (out, options: CommonOptions) => {
      const resolver = resolverFromCli(options, env);
      out.knowSecrets(resolver);
      const { doctorWithSettings } = await import("../api/doctor"); // lazily: it reads Graph (see sync)
      const report = await doctorWithSettings(resolver);
      out.result(report, renderDoctor(report));
      return report.exitCode;
    }),
    export: run(
      async (out, options: CommonOptions & TenantOptions & { format: ExportFormat; output?: string }) => {
        const resolver = resolverFromCli(options, env);
        out.knowSecrets(resolver);
        const target = await directoryTarget(options, resolver.store(), env);
        const result = await exportWithSettings(target.store, {
          format: options.format,
          tenant: target.tenant,
          ...(options.output !== undefined && { output: options.output }),
        });
        if (result.output !== "stdout") process.stderr.write(`Wrote ${result.output}\n`);
        return ExitCode.Ok;
      },
    ),
  });
  registerFleetCommand(program, {
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    setExitCode: (code) => (exitCode = code),
  });

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    exitCode = handleError(error, output);
  }
  process.exitCode = exitCode;
  return exitCode;
}

function handleError(error: unknown, output: Output): ExitCodeValue {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.exitCode === 0
    ) {
      return ExitCode.Ok;
    }
    // commander has already printed its message on stderr; --json still owes stdout its one document.
    if (output.json) {
      output.error(
        new ReplicatorError({
          code: "usage",
          message: error.message.replace(/^error: /, ""),
          fix: "Run `entra-replicator <command> --help` for the options.",
          exitCode: ExitCode.Usage,
        }),
      );
    }
    return ExitCode.Usage;
  }
  if (error instanceof ReplicatorError) {
    output.error(error);
    return error.exitCode;
  }
  const unexpected = new ReplicatorError({
    code: "internal-error",
    message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    fix: "Re-run the command; if it fails again, report it with this message (no secret is included).",
    exitCode: ExitCode.Failure,
    cause: error,
  });
  output.error(unexpected);
  return ExitCode.Failure;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander hands actions untyped arguments
type Actions = Record<"sync" | "lookup" | "status" | "doctor" | "export", (...args: any[]) => Promise<void>>;

function buildProgram(output: Output, actions: Actions): Command {
  const program = new Command("entra-replicator")
    .description("Replicates Microsoft Entra ID users into a phone-ready (E.164) contact directory.")
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => process.stdout.write(output.scrub(text)),
      writeErr: (text) => process.stderr.write(output.scrub(text)),
    });

  const sync = program
    .command("sync")
    .description(
      "Full or incremental sync (automatic); --full resyncs and removes contacts no longer in scope",
    )
    .option("--full", "force a full round (reconciles away contacts no longer in scope)")
    .option("--dry-run", "read and plan, print the plan, write nothing")
    .option("--allow-deletes", "approve, for this run, deletions beyond the deletion guard's thresholds")
    .option("--include-guests", "also replicate guest accounts (userType Guest)")
    .option("--include-disabled", "also replicate disabled accounts")
    .option(
      "--max-deletes <n>",
      "deletion guard: most deletions a run may apply without --allow-deletes",
      wholeNumber,
    )
    .option(
      "--max-delete-percent <p>",
      "deletion guard: most deletions as a percentage of the directory",
      percentage,
    )
    .option("--page-size <n>", "users per Graph page (Prefer: odata.maxpagesize)", wholeNumber)
    .option("--background", "ask Graph to throttle this run first (default when stdout is not a terminal)")
    .action(actions.sync);
  addConnectionOptions(sync);
  addStoreOptions(sync);
  addOutputOptions(sync);

  const lookup = program
    .command("lookup")
    .description("Caller ID: the contact(s) owning a number (exit 8 when none)")
    .argument("<number>", 'the number, e.g. "020 123 4567" or "+31 20 123 4567"')
    .action(actions.lookup);
  addStoreOptions(lookup);
  addTenantOptions(lookup);
  addOutputOptions(lookup);

  const status = program
    .command("status")
    .description("Last runs, counts, numbers that failed to normalise, escrowed records")
    .option("--runs <n>", "how many recent runs to show", wholeNumber, 10)
    .action(actions.status);
  addStoreOptions(status);
  addTenantOptions(status);
  addOutputOptions(status);

  const doctor = program
    .command("doctor")
    .description("Checks configuration, token, User.Read.All and a user read; every failure says the fix")
    .action(actions.doctor);
  addConnectionOptions(doctor);
  addOutputOptions(doctor);

  const exportCommand = program
    .command("export")
    .description("The directory as a file phone systems import")
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .option("--output <file>", "write to this file (atomically) instead of stdout")
    .action(actions.export);
  addStoreOptions(exportCommand);
  addTenantOptions(exportCommand);

  return program;
}

function addConnectionOptions(command: Command): void {
  command
    .option(
      "--config <file>",
      "JSON config file (see README); flags win over it, it wins over the environment",
    )
    .option("--stack-outputs <file>", "JSON of `pulumi stack output --json --show-secrets` (- for stdin)")
    .option("--tenant-id <guid>", "Entra tenant id [AZURE_TENANT_ID]")
    .option("--client-id <guid>", "application (client) id [AZURE_CLIENT_ID]")
    .option(
      "--client-secret <secret>",
      "client secret [AZURE_CLIENT_SECRET] (prefer the variable: flags show in ps)",
    )
    .option(
      "--key-vault-url <url>",
      "read the client secret from this vault, as DefaultAzureCredential's identity [ENTRA_REPLICATOR_KEY_VAULT_URL]",
    )
    .option(
      "--key-vault-secret-name <name>",
      "the secret's name in that vault [ENTRA_REPLICATOR_KEY_VAULT_SECRET]",
    )
    .addOption(new Option("--cloud <cloud>", "national cloud preset (default public)").choices(CLOUD_NAMES))
    .option("--authority-host <url>", "overrides the cloud's authority host [AZURE_AUTHORITY_HOST]")
    .option("--graph-endpoint <url>", "overrides the cloud's Graph endpoint [GRAPH_ENDPOINT]");
}

function addStoreOptions(command: Command): void {
  command
    .option(
      "--db <path>",
      "the contact store: a file, or postgres://… [ENTRA_REPLICATOR_DB] (default ./entra-replicator.db)",
    )
    .option(
      "--country <code>",
      "default country for numbers without country code, e.g. NL [ENTRA_REPLICATOR_COUNTRY]",
    );
  if (command.options.every((option) => option.long !== "--config")) {
    command.option(
      "--config <file>",
      "JSON config file (see README); flags win over it, it wins over the environment",
    );
  }
}

function addOutputOptions(command: Command): void {
  command
    .option("--json", "print exactly one JSON document on stdout (logs stay on stderr)")
    .option("--log-level <level>", "pino log level on stderr (default info, warn on a terminal)");
}

function secretsInArgv(argv: readonly string[]): string[] {
  const secrets: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === "--client-secret" && argv[index + 1] !== undefined) secrets.push(argv[index + 1] as string);
    if (arg.startsWith("--client-secret=")) secrets.push(arg.slice("--client-secret=".length));
  });
  return secrets;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number, e.g. 500.");
  return Number(value);
}

function percentage(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new InvalidArgumentError("Give a percentage from 0 to 100, e.g. 10.");
  }
  return number;
}

function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "entra-replicator") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}

if (require.main === module) {
  void main(process.argv);
}
