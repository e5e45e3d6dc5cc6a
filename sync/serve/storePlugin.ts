import fp from "fastify-plugin";
import type { ApiKeyVerifier, Caller } from "./apiKeyVerifier";
import type { DirectoryReader } from "./directoryReader";
import type { ServeMetrics } from "./metrics";

export interface ServeDependencies {
  directory: DirectoryReader;
  apiKeys: ApiKeyVerifier;
  metrics: ServeMetrics;
  /** Country for numbers without a country code when the tenant's sync stored none. */
  defaultCountry: string | null;
}

declare module "fastify" {
  interface FastifyInstance {
    serve: ServeDependencies;
  }
  interface FastifyRequest {
    /** Set by the auth hook of the /v1 scope; null outside it. */
    caller: Caller | null;
  }
}

/**
 * The store and what hangs off it, shared by every route (fastify-plugin: not encapsulated). The
 * reader is closed when the app closes, after in-flight requests finished.
 */
export const storePlugin = fp<ServeDependencies>(
  async (app, dependencies) => {
    app.decorate("serve", dependencies);
    app.decorateRequest("caller", null);
    app.addHook("onClose", async () => {
      await dependencies.directory.close();
    });
  },
  { name: "entra-replicator-store", fastify: "5.x" },
);
