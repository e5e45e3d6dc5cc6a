import { Command, InvalidArgumentError } from "commander";
import { resolverFromCli } from "../cliSettings";
import { parseListenAddress } from "../../serve/server";

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface ServeOptions {
  listen: string;
  db?: string;
  country?: string;
  config?: string;
  rateLimit: number;
  maxSyncAge?: number;
  json?: boolean;
  logLevel?: string;
}

/** `entra-replicator serve`: the caller-ID and phonebook HTTP service over the directory. */
export function registerServeCommand(program: Command, io: CommandIo): void {
  program
    .command("serve")
    .description("Caller-ID lookups and phonebook feeds over HTTP, per-tenant API keys (see `apikey create`)")
    .option(
      "--listen <host:port>",
      "address to listen on ([::1]:8080 for IPv6, :8080 for all interfaces)",
      "127.0.0.1:8080",
    )
    .option("--db <path>", "the contact directory file [ENTRA_REPLICATOR_DB] (default ./entra-replicator.db)")
    .option(
      "--country <code>",
      "default country when a tenant's sync stored none, e.g. NL [ENTRA_REPLICATOR_COUNTRY]",
    )
    .option(
      "--config <file>",
      "JSON config file (see README); flags win over it, it wins over the environment",
    )
    .option("--rate-limit <n>", "requests per minute per API key before 429", positiveWholeNumber, 6000)
    .option(
      "--max-sync-age <seconds>",
      "/readyz fails when a tenant's last successful sync is older",
      positiveWholeNumber,
    )
    .option("--json", "print the startup line as one JSON document on stdout (logs stay on stderr)")
    .option("--log-level <level>", "pino log level on stderr (default info)")
    .action(async (options: ServeOptions) => {
      const settings = resolverFromCli(options, io.env).store();
      const address = parseListenAddress(options.listen);
      // Loaded here, not at start-up: every other command would pay for Fastify, prom-client and the store.
      const [{ createLogger }, { buildServeApp }, { openServeBackend }, { startServer }] = await Promise.all([
        import("../../log"),
        import("../../serve/app"),
        import("../../serve/serveBackend"),
        import("../../serve/server"),
      ]);
      const logger = createLogger({ level: options.logLevel ?? "info", destination: io.stderr });
      const app = await buildServeApp({
        ...(await openServeBackend(settings.storePath)),
        logger,
        defaultCountry: settings.defaultCountry,
        rateLimitMax: options.rateLimit,
        maxSyncAgeSeconds: options.maxSyncAge ?? null,
      });
      const server = await startServer(app, address);
      io.stdout.write(
        options.json === true
          ? `${JSON.stringify({ url: server.url, store: settings.storePath, pid: process.pid })}\n`
          : `Serving ${settings.storePath} at ${server.url} (SIGTERM or Ctrl-C stops after in-flight requests).\n`,
      );
      await server.stopped;
    });
}

function positiveWholeNumber(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError("Give a whole number greater than 0, e.g. 600.");
  }
  return Number(value);
}
