import { type Command, InvalidArgumentError } from "commander";
import { parseListenAddress } from "../../serve/server";
import { addSettingOptions, type CliSettingOptions, commandSettings } from "../cliSettings";
import type { CommandContext } from "../context";

type ServeOptions = CliSettingOptions & {
  listen: string;
  rateLimit: number;
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
    .option("--rate-limit <n>", "requests per minute per API key before 429", positiveWholeNumber, 6000)
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
      const [{ createLogger }, { buildServeApp }, { openServeBackend }, { startServer }] = await Promise.all([
        import("../../log"),
        import("../../serve/app"),
        import("../../serve/serveBackend"),
        import("../../serve/server"),
      ]);
      const logger = createLogger({ level: options.logLevel ?? "info", destination: context.stderr });
      const app = await buildServeApp({
        ...(await openServeBackend(settings.storePath)),
        logger,
        defaultCountry: settings.defaultCountry,
        rateLimitMax: options.rateLimit,
        maxSyncAgeSeconds: options.maxSyncAge ?? null,
      });
      const server = await startServer(app, address);
      const store = withoutPassword(settings.storePath);
      context.stdout.write(
        options.json === true
          ? `${JSON.stringify({ url: server.url, store, pid: process.pid })}\n`
          : `Serving ${store} at ${server.url} (SIGTERM or Ctrl-C stops after in-flight requests).\n`,
      );
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

/** A PostgreSQL URL as it may be shown (no password); a file path as is. */
export function withoutPassword(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, "$1@");
}
