import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

/** The CLI errors of `serve` and `apikey` (the HTTP API's own error bodies are documented with its routes). */
export const SERVE_ERROR_CODES: ErrorCodeArea = {
  area: "Caller-ID service (serve, apikey)",
  codes: [
    {
      code: "listen-address-invalid",
      exitCode: ExitCode.Usage,
      meaning: "serve: --listen is not HOST:PORT.",
      fix: "Give HOST:PORT, e.g. --listen 127.0.0.1:8080 (port 0 picks a free port; [::1]:8080 for IPv6).",
    },
    {
      code: "tenant-invalid",
      exitCode: ExitCode.Usage,
      meaning: "apikey: --tenant is not a tenant id (a GUID).",
      fix: "Pass the Directory (tenant) ID the key may read.",
    },
    {
      code: "api-key-not-found",
      exitCode: ExitCode.NotFound,
      meaning: "apikey: there is no API key with that id.",
      fix: "Run `entra-replicator apikey list` for the key ids.",
    },
  ],
};
