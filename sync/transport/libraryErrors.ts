/**
 * Reading the errors the libraries throw (@azure/identity, MSAL, the Graph client, the Azure SDK) by shape,
 * not by class: the same failure arrives as different classes, wrapped or not, depending on the layer.
 */
import { scrubSecrets } from "../scrubSecrets";
import { isErrorLike } from "./transportFault";

export function statusCodeOf(error: object): number | null {
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof status === "number" ? status : null;
}

export function serviceCodeOf(error: object): string | null {
  const { code } = error as { code?: unknown };
  return typeof code === "string" && code.length > 0 ? code : null;
}

export function requestIdOf(error: object): string | null {
  const { requestId } = error as { requestId?: unknown };
  return typeof requestId === "string" && requestId.length > 0 ? requestId : null;
}

/** By name — or by `code`, where the Graph client keeps the name of an error it wrapped in a GraphError. */
export function isNamed(error: unknown, name: string): boolean {
  return isErrorLike(error) && (error.name === name || (error as { code?: unknown }).code === name);
}

/**
 * What we keep of a library error as `cause`: its name, status and scrubbed message — not the object,
 * whose fields (request options, response bodies) may hold credentials and which pino would serialise.
 */
export function sanitisedCause(error: Error): Error {
  const copy = new Error(scrubSecrets(error.message));
  copy.name = error.name;
  const status = statusCodeOf(error);
  const code = serviceCodeOf(error);
  if (status !== null) Object.assign(copy, { statusCode: status });
  if (code !== null) Object.assign(copy, { code });
  return copy;
}
