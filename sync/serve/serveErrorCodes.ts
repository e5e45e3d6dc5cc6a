import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

/** The CLI errors of `serve` and `apikey` (the HTTP API's own error bodies are in docs/ARCHITECTURE.md). */
export const SERVE_ERROR_CODES: ErrorCodeArea = {
  area: "serve and API keys",
  codes: [
    {
      code: "listen-address-invalid",
      exitCode: ExitCode.Usage,
      meaning: "serve's --listen is not HOST:PORT.",
      fix: "Give e.g. --listen 127.0.0.1:8080 ([::1]:8080 for IPv6, :8080 for all interfaces, port 0 for any free port).",
    },
    {
      code: "serve-worker-failed",
      exitCode: ExitCode.Failure,
      meaning:
        "With --workers N, a worker process ended before it listened; serve stopped the others and exits.",
      fix: "Read the worker's own error printed above (the store, the address); run with --workers 1 to see it alone.",
    },
    {
      code: "tenant-invalid",
      exitCode: ExitCode.Usage,
      meaning: "apikey create's --tenant is not a tenant id (a GUID).",
      fix: "Pass the Directory (tenant) ID of the Entra tenant whose directory the key may read.",
    },
    {
      code: "api-key-not-found",
      exitCode: ExitCode.NotFound,
      meaning: "apikey revoke was given a key id the store does not hold.",
      fix: "Run `entra-replicator apikey list` for the key ids (the 12 hex digits after erk_).",
    },
  ],
};
