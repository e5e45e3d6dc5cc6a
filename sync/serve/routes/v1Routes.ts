import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync } from "fastify";
import { bearerKey } from "../apiKeyVerifier";
import { HttpError } from "../httpErrors";
import { contactRoutes } from "./contactRoutes";
import { lookupRoutes } from "./lookupRoutes";
import { phonebookRoutes } from "./phonebookRoutes";

export interface V1Options {
  /** Requests per key per window before 429. */
  rateLimitMax: number;
  /** The rate-limit window in milliseconds. */
  rateLimitWindowMs: number;
}

/**
 * The protected scope: every route here needs `Authorization: Bearer <key>` (or Basic with the key as
 * password, for desk phones). The auth hook runs first
 * and names the caller's tenant; the rate limit then counts per key, so one PBX cannot starve others
 * and nobody can spend another key's budget with a forged key.
 */
export const v1Routes: FastifyPluginAsync<V1Options> = async (app, options) => {
  app.addHook("onRequest", async (request, reply) => {
    const caller = await app.serve.apiKeys.verify(bearerKey(request.headers.authorization));
    if (caller === null) {
      reply.header("www-authenticate", 'Bearer realm="entra-replicator"');
      throw new HttpError(401, {
        code: "unauthorized",
        message: "A valid API key is required (missing, unknown or revoked).",
        fix: "Send `Authorization: Bearer <key>` with a key from `entra-replicator apikey create --tenant <tenant id>`.",
      });
    }
    request.caller = caller;
  });

  await app.register(rateLimit, {
    max: options.rateLimitMax,
    timeWindow: options.rateLimitWindowMs,
    keyGenerator: (request) => request.caller?.keyId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new HttpError(context.statusCode, {
        code: "rate-limited",
        message: `Rate limit of ${context.max} requests per ${options.rateLimitWindowMs / 1000} s for this key exceeded.`,
        fix: `Retry after ${context.after} (Retry-After header), or raise serve's --rate-limit.`,
      }),
  });

  await app.register(lookupRoutes);
  await app.register(contactRoutes);
  await app.register(phonebookRoutes);
};
