/**
 * `entra-replicator fleet sync --config FILE`: every tenant of a fleet file into one store, a few at a time.
 * Prints a per-tenant table (or, with --json, one document `{ tenants: [ … ] }`); exits with the worst
 * tenant's exit code, so a scheduler sees any tenant that needs attention.
 */
import { type Command, InvalidArgumentError } from "commander";
import type { CommandContext } from "../context";
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_LEASE_SECONDS,
  MAX_FLEET_CONCURRENCY,
} from "../../fleet/fleetDefaults";
import type { FleetReport } from "../../fleet/runFleet";
import { scrubSecrets } from "../../scrubSecrets";
import { exitOnStopSignals } from "../interruptions";

/** What the fleet commands use of the CLI's CommandContext (sync/cli/context.ts). */
export type CommandIo = Pick<CommandContext, "env" | "stdout" | "stderr" | "stderrIsTTY" | "setExitCode">;

interface FleetSyncOptions {
  config: string;
  concurrency?: number;
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
  logLevel?: string;
}

export function registerFleetCommand(program: Command, io: CommandIo): void {
  const fleet = program
    .command("fleet")
    .description("Many tenants, one store: sync every tenant of a fleet file (docs/CLI.md, Fleets)");
  fleet
    .command("sync")
    .description("Sync every tenant of the fleet file, a few at a time; exit code = the worst tenant's")
    .requiredOption("--config <file>", "the fleet file (YAML or JSON): store, concurrency, tenants")
    .option(
      "--concurrency <n>",
      `tenants synced at the same time, 1–${MAX_FLEET_CONCURRENCY} (default: the file's, else 4)`,
      concurrency,
    )
    .option("--full", "force a full round for every tenant")
    .option("--dry-run", "read and plan every tenant, write nothing")
    .option("--json", "print exactly one JSON document on stdout (logs stay on stderr)")
    .option("--log-level <level>", "pino log level on stderr (default info, warn on a terminal)")
    .action(async (options: FleetSyncOptions) => {
      // Loaded only when a fleet runs: CLI start-up stays light for every other command.
      const { loadFleetConfig } = await import("../../fleet/fleetConfig");
      const { runFleet } = await import("../../fleet/runFleet");
      const { renderFleet } = await import("../../fleet/renderFleet");
      const { createLogger } = await import("../../log");
      const config = loadFleetConfig(options.config);
      const logger = createLogger({
        level: options.logLevel ?? (io.stderrIsTTY ? "warn" : "info"),
        destination: io.stderr,
      });
      // SIGINT/SIGTERM end the fleet through the exit hooks (tenant locks released); every tenant keeps what
      // it applied and its delta token, so the next fleet run finishes the rounds.
      const restoreSignals = exitOnStopSignals();
      let report: FleetReport;
      try {
        report = await runFleet(config, {
          env: io.env,
          full: options.full ?? false,
          dryRun: options.dryRun ?? false,
          logger,
          ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        });
        const text = options.json === true ? JSON.stringify(report, null, 2) : renderFleet(report);
        io.stdout.write(`${scrubSecrets(text)}\n`);
      } finally {
        restoreSignals();
      }
      io.setExitCode(report.exitCode);
    });
  registerWorkCommand(fleet, io);
}

interface FleetWorkOptions extends Omit<FleetSyncOptions, "dryRun"> {
  once?: boolean;
  workerId?: string;
  leaseSeconds?: number;
  intervalSeconds?: number;
}

function registerWorkCommand(fleet: Command, io: CommandIo): void {
  fleet
    .command("work")
    .description(
      "One of several workers sharing the fleet through PostgreSQL: claim due tenants with a lease, sync them, repeat",
    )
    .requiredOption(
      "--config <file>",
      "the fleet file; its store (or ENTRA_REPLICATOR_DB) must be postgres://…",
    )
    .option("--concurrency <n>", "tenants this worker syncs at the same time", concurrency)
    .option("--once", "stop when no tenant of the fleet is due any more (for a scheduled job)")
    .option("--worker-id <id>", "this worker's name in the lease table (default host:pid:random)")
    .option(
      "--lease-seconds <s>",
      `how long a claim lasts without renewal; a crashed worker's tenants wait this long (default ${DEFAULT_LEASE_SECONDS})`,
      seconds,
    )
    .option(
      "--interval-seconds <s>",
      `a tenant is due again this long after its sync (default ${DEFAULT_INTERVAL_SECONDS})`,
      seconds,
    )
    .option("--full", "force a full round for every tenant this worker syncs")
    .option("--json", "print exactly one JSON document on stdout when the worker stops")
    .option("--log-level <level>", "pino log level on stderr (default info)")
    .action(async (options: FleetWorkOptions) => {
      const { loadFleetConfig } = await import("../../fleet/fleetConfig");
      const { workFleet } = await import("../../fleet/workFleet");
      const { renderFleet } = await import("../../fleet/renderFleet");
      const { createLogger } = await import("../../log");
      const config = loadFleetConfig(options.config);
      const logger = createLogger({ level: options.logLevel ?? "info", destination: io.stderr });
      // SIGTERM/SIGINT: claim nothing more, let the running tenants finish and complete their leases.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGTERM", onSignal);
      process.once("SIGINT", onSignal);
      try {
        const report = await workFleet(config, {
          env: io.env,
          once: options.once ?? false,
          full: options.full ?? false,
          logger,
          signal: stop.signal,
          ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
          ...(options.workerId !== undefined && { workerId: options.workerId }),
          ...(options.leaseSeconds !== undefined && { leaseSeconds: options.leaseSeconds }),
          ...(options.intervalSeconds !== undefined && { intervalSeconds: options.intervalSeconds }),
        });
        const text = options.json === true ? JSON.stringify(report, null, 2) : renderFleet(report);
        io.stdout.write(`${scrubSecrets(text)}\n`);
        io.setExitCode(report.exitCode);
      } finally {
        process.removeListener("SIGTERM", onSignal);
        process.removeListener("SIGINT", onSignal);
      }
    });
}

function seconds(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1)
    throw new InvalidArgumentError("Give a whole number of seconds, e.g. 120.");
  return number;
}

function concurrency(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > MAX_FLEET_CONCURRENCY) {
    throw new InvalidArgumentError(`Give a whole number from 1 to ${MAX_FLEET_CONCURRENCY}, e.g. 4.`);
  }
  return number;
}
