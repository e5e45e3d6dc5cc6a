import os from "node:os";
import { type Command, InvalidArgumentError } from "commander";
import { ExitCode } from "../../errors";
import { parseListenAddress } from "../../serve/server";
import { addSettingOptions, type CliSettingOptions, commandSettings } from "../cliSettings";
import type { CommandContext } from "../context";

type ServeOptions = CliSettingOptions & {
  listen: string;
  rateLimit: number;
  workers: number;
  maxSyncAge?: number;
  json?: boolean;
  logLevel?: string;
};

/** `entra-replicator serve`: the caller-ID and phonebook HTTP service over the directory. */
export function registerServe(program: Command, context: CommandContext): void {
  const command = program
    .command("serve")
    .description("Caller-ID lookups and phonebook feeds over HTTP, per-tenant API keys (see `apikey create`)")
    .option(
      "--listen <host:port>",
      "address to listen on ([::1]:8080 for IPv6, :8080 for all interfaces)",
      "127.0.0.1:8080",
    )
    .option(
      "--rate-limit <n>",
      "requests per minute per API key before 429 (counted in each worker process)",
      positiveWholeNumber,
      6000,
    )
    .option(
      "--workers <n>",
      "processes serving on the one port, each using one core; 'auto' = one per core",
      workerCount,
      1,
    )
    .option(
      "--max-sync-age <seconds>",
      "/readyz fails when a tenant's last successful sync is older",
      positiveWholeNumber,
    )
    .option("--json", "print the startup line as one JSON document on stdout (logs stay on stderr)")
    .option("--log-level <level>", "pino log level on stderr (default info)")
    .action(async (options: ServeOptions) => {
      const settings = commandSettings(options, context).store();
      const address = parseListenAddress(options.listen);
      // Loaded here, not at start-up: every other command would pay for Fastify, prom-client and the store.
      const [{ createLogger }, { openServeBackend }, { isServeWorker, serveAsWorker }] = await Promise.all([
        import("../../log"),
        import("../../serve/serveBackend"),
        import("../../serve/clusterWorker"),
      ]);
      const logger = createLogger({ level: options.logLevel ?? "info", destination: context.stderr });
      const store = withoutPassword(settings.storePath);
      const announce = (url: string, pids: Record<string, unknown>): void => {
        context.stdout.write(
          options.json === true
            ? `${JSON.stringify({ url, store, ...pids })}\n`
            : `Serving ${store} at ${url} (SIGTERM or Ctrl-C stops after in-flight requests).\n`,
        );
      };

      const worker = isServeWorker();
      if (options.workers > 1 && !worker) {
        // The store is opened once here first, so a wrong --db is one clear error, not one per worker.
        await (await openServeBackend(settings.storePath)).directory.close();
        const { startServeCluster } = await import("../../serve/serveCluster");
        const running = await startServeCluster({ workers: options.workers, logger });
        announce(running.url, { pid: process.pid, workers: running.workerPids() });
        if ((await running.stopped) !== 0) context.setExitCode(ExitCode.Failure);
        return;
      }

      const [{ buildServeApp }, { startServer }, { metricsOfAllWorkers }] = await Promise.all([
        import("../../serve/app"),
        import("../../serve/server"),
        import("../../serve/clusterMetrics"),
      ]);
      const app = await buildServeApp({
        ...(await openServeBackend(settings.storePath)),
        logger: worker ? logger.child({ worker: process.pid }) : logger,
        defaultCountry: settings.defaultCountry,
        rateLimitMax: options.rateLimit,
        maxSyncAgeSeconds: options.maxSyncAge ?? null,
        metricsAcrossWorkers: worker ? metricsOfAllWorkers() : null,
      });
      const server = await startServer(app, address);
      if (worker) return serveAsWorker(server);
      announce(server.url, { pid: process.pid });
      await server.stopped;
    });
  addSettingOptions(command, ["store"]);
}

function positiveWholeNumber(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError("Give a whole number greater than 0, e.g. 600.");
  }
  return Number(value);
}

/** `--workers`: a whole number ≥ 1, or `auto` for one per core the process may use. */
function workerCount(value: string): number {
  if (value === "auto") return os.availableParallelism();
  const count = positiveWholeNumber(value);
  if (count > 64)
    throw new InvalidArgumentError("Give at most 64 workers (one per core is the most that helps).");
  return count;
}

/** A PostgreSQL URL as it may be shown (no password); a file path as is. */
export function withoutPassword(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, "$1@");
}
