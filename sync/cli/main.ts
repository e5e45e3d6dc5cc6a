import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { ExitCode, type ExitCodeValue, ReplicatorError } from "../errors";
import { registerApiKey } from "./commands/apikey";
import { registerDoctor } from "./commands/doctor";
import { registerExport } from "./commands/export";
import { registerFleetCommand } from "./commands/fleet";
import { registerLookup } from "./commands/lookup";
import { registerServe } from "./commands/serve";
import { registerStatus } from "./commands/status";
import { registerSync } from "./commands/sync";
import { type CliIo, type CommandContext, createCommandContext } from "./context";
import { renderError } from "./render";

/** The commands, each in its own file under commands/: add yours here with one line. */
const COMMANDS: readonly ((program: Command, context: CommandContext) => void)[] = [
  registerSync,
  registerLookup,
  registerStatus,
  registerDoctor,
  registerExport,
  registerFleetCommand,
  registerServe,
  registerApiKey,
];

const PROCESS_IO: CliIo = { env: process.env, stdout: process.stdout, stderr: process.stderr };

/**
 * Runs the CLI on `argv` (as process.argv: node, script, arguments…) with the given environment and
 * streams; resolves to the exit code. Sets nothing on `process`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<ExitCodeValue> {
  const context = createCommandContext(io, argv);
  const program = new Command("entra-replicator")
    .description("Replicates Microsoft Entra ID users into a phone-ready (E.164) contact directory.")
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  for (const register of COMMANDS) register(program, context);
  try {
    await program.parseAsync([...argv]);
    return context.exitCode() ?? ExitCode.Ok;
  } catch (error) {
    return handleError(error, context);
  }
}

function handleError(error: unknown, context: CommandContext): ExitCodeValue {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.exitCode === 0
    ) {
      return ExitCode.Ok;
    }
    // commander has already printed its message on stderr; --json still owes stdout its one document.
    if (context.json) {
      printError(
        new ReplicatorError({
          code: "usage",
          message: error.message.replace(/^error: /, ""),
          fix: "Run `entra-replicator <command> --help` for the options.",
          exitCode: ExitCode.Usage,
        }),
        context,
      );
    }
    return ExitCode.Usage;
  }
  const known =
    error instanceof ReplicatorError
      ? error
      : new ReplicatorError({
          code: "internal-error",
          message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
          fix: "Re-run the command; if it fails again, report it with this message (no secret is included).",
          exitCode: ExitCode.Failure,
          cause: error,
        });
  printError(known, context);
  return known.exitCode;
}

/** With --json the error is the one document on stdout (with the run's summary when it had started). */
function printError(error: ReplicatorError, context: CommandContext): void {
  if (context.json) {
    const { summary } = error as { summary?: unknown };
    context.stdout.write(
      `${JSON.stringify({ error: error.toJSON(), ...(summary === undefined ? {} : { summary }) }, null, 2)}\n`,
    );
  } else {
    context.stderr.write(`${renderError(error)}\n`);
  }
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

/** The process entry point (bin/entra-replicator.js): the real streams, the exit code on the process. */
export async function runAsProcess(argv: readonly string[] = process.argv): Promise<void> {
  // `entra-replicator export --format csv | head`: a reader that stops early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.Ok);
    throw error;
  });
  process.exitCode = await main(argv);
}

if (require.main === module) {
  void runAsProcess();
}
