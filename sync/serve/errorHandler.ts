import type { FastifyError, FastifyInstance } from "fastify";
import { HttpError } from "./httpErrors";
import type { ErrorBody } from "./schemas";
import { StoreUnavailableError } from "./serveErrors";

/** Seconds a client should wait before retrying while the store is unavailable. */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The one error handler: a 4xx says what is wrong with the request (and which field); a 503 says the
 * store is unavailable; anything else is a 500 whose details stay in the log, never in the answer.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | HttpError | StoreUnavailableError>((error, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.body });
    if (error instanceof StoreUnavailableError) {
      request.log.warn({ err: { code: error.code, message: error.message } }, "store unavailable");
      return reply
        .code(503)
        .header("retry-after", STORE_RETRY_AFTER_SECONDS)
        .send(body("store-unavailable", "The directory store is unavailable right now.", "Retry later."));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation !== undefined) {
      const first = fastifyError.validation[0];
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = missing ?? first?.instancePath.replace(/^\//, "") ?? "";
      return reply.code(400).send({
        error: {
          code: "invalid-request",
          message: `Invalid ${fastifyError.validationContext ?? "request"}: ${fastifyError.message}.`,
          fix: "Correct the named field; see the API section of docs/ARCHITECTURE.md.",
          ...(field === "" ? {} : { field }),
        },
      } satisfies ErrorBody);
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(fastifyError.code ?? "bad-request", fastifyError.message));
    }
    request.log.error({ err: error }, "request failed");
    return reply.code(500).send(body("internal-error", "Internal error; the service log has the details."));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        body(
          "route-not-found",
          `There is no ${request.method} ${request.url.split("?")[0] ?? ""}.`,
          "The API: GET /v1/lookup?number=…, /v1/contacts, /v1/contacts/{id}, /v1/phonebook.vcf, /v1/phonebook/yealink.xml; /healthz, /readyz, /metrics.",
        ),
      ),
  );
}

function body(code: string, message: string, fix?: string): ErrorBody {
  return { error: { code, message, ...(fix === undefined ? {} : { fix }) } };
}
