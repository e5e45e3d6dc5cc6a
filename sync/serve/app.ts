import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { silentLogger } from "../log";
import type { ApiKeyStore } from "./apiKeyStore";
import type { MetricsAggregation } from "./clusterMetrics";
import { ApiKeyVerifier } from "./apiKeyVerifier";
import type { DirectoryReader } from "./directoryReader";
import { installErrorHandler } from "./errorHandler";
import { ServeMetrics } from "./metrics";
import { healthRoutes } from "./routes/healthRoutes";
import { v1Routes } from "./routes/v1Routes";
import { storePlugin } from "./storePlugin";

export interface ServeAppOptions {
  directory: DirectoryReader;
  apiKeys: ApiKeyStore;
  /** pino logger (authorization headers are redacted by sync/log.ts). @default silent */
  logger?: FastifyBaseLogger;
  /** Country for numbers without country code when a tenant's sync stored none. @default null */
  defaultCountry?: string | null;
  /** Requests per key per window. @default 6000 */
  rateLimitMax?: number;
  /** @default 60000 (one minute) */
  rateLimitWindowMs?: number;
  /** /readyz turns 503 when a tenant's last successful sync is older. @default null (off) */
  maxSyncAgeSeconds?: number | null;
  /** @default Date.now */
  now?: () => number;
  /** Set in each worker of `serve --workers N`: /metrics then covers all workers. @default null */
  metricsAcrossWorkers?: MetricsAggregation | null;
}

/**
 * The caller-ID service as a Fastify app, without listening: tests call `app.inject`, `server.ts`
 * listens. Nothing is cached beyond a request except the directory version (recomputed after every
 * commit) and the slow-hash result of a key (the key's record, revocation included, is read per request).
 */
export async function buildServeApp(options: ServeAppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const app = Fastify({
    loggerInstance: options.logger ?? silentLogger(),
    return503OnClosing: true,
    routerOptions: { maxParamLength: 100 },
    bodyLimit: 1024,
    ajv: { customOptions: { allErrors: false } },
  });
  const metrics = new ServeMetrics(options.directory, now, options.metricsAcrossWorkers ?? null);

  await app.register(storePlugin, {
    directory: options.directory,
    apiKeys: new ApiKeyVerifier(options.apiKeys),
    metrics,
    defaultCountry: options.defaultCountry ?? null,
  });
  installErrorHandler(app);
  app.addHook("onResponse", async (request, reply) => {
    metrics.observeRequest(
      request.routeOptions.url ?? "unmatched",
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  await app.register(healthRoutes, { maxSyncAgeSeconds: options.maxSyncAgeSeconds ?? null, now });
  await app.register(v1Routes, {
    prefix: "/v1",
    rateLimitMax: options.rateLimitMax ?? 6000,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 60_000,
  });
  return app;
}
