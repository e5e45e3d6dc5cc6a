import type { FastifyPluginAsync } from "fastify";

export interface HealthOptions {
  /** /readyz fails when a tenant's last successful sync is older than this (or never happened). @default off */
  maxSyncAgeSeconds: number | null;
  now: () => number;
}

const readySchema = {
  type: "object",
  required: ["status", "store", "lastSuccessfulSyncAgeSeconds"],
  properties: {
    status: { type: "string" },
    store: { type: "string" },
    lastSuccessfulSyncAgeSeconds: { type: ["number", "null"] },
    problem: { type: "string" },
  },
} as const;

/**
 * Unauthenticated probes (they show no directory data): /healthz = the process answers; /readyz = the
 * store can be read, with the age of the oldest tenant's last successful sync; /metrics = Prometheus.
 */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get(
    "/healthz",
    { schema: { response: { 200: { type: "object", properties: { status: { type: "string" } } } } } },
    async () => ({
      status: "ok",
    }),
  );

  app.get(
    "/readyz",
    { schema: { response: { 200: readySchema, 503: readySchema } } },
    async (_request, reply) => {
      const { directory } = app.serve;
      let ages: Array<number | null>;
      try {
        await directory.ping();
        const tenants = await directory.tenantIds();
        ages = await Promise.all(
          tenants.map(async (tenant) => {
            const last = await directory.tenant(tenant).lastSuccessfulSync();
            return last === null ? null : Math.max(0, (options.now() - last.getTime()) / 1000);
          }),
        );
      } catch {
        return reply.code(503).send({
          status: "not-ready",
          store: "down",
          lastSuccessfulSyncAgeSeconds: null,
          problem: "the store cannot be read",
        });
      }
      const known = ages.filter((age): age is number => age !== null);
      const oldest = known.length === ages.length && known.length > 0 ? Math.max(...known) : null;
      const limit = options.maxSyncAgeSeconds;
      if (limit !== null && (oldest === null || oldest > limit)) {
        return reply.code(503).send({
          status: "not-ready",
          store: "up",
          lastSuccessfulSyncAgeSeconds: oldest,
          problem:
            oldest === null
              ? "a tenant has no successful sync yet"
              : `the last successful sync is older than ${limit} s`,
        });
      }
      return { status: "ready", store: "up", lastSuccessfulSyncAgeSeconds: oldest };
    },
  );

  app.get("/metrics", async (_request, reply) => {
    const { metrics } = app.serve;
    return reply.type(metrics.contentType).send(await metrics.exposition());
  });
};
