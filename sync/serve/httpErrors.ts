import type { ErrorBody } from "./schemas";

/** An error the API answers with its own status and body (a 4xx the caller can act on). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody["error"],
  ) {
    super(body.message);
  }
}

export function notFound(what: string): HttpError {
  return new HttpError(404, { code: "not-found", message: `${what} not found.` });
}

export function badRequest(field: string, message: string, fix: string): HttpError {
  return new HttpError(400, { code: "invalid-request", field, message, fix });
}
