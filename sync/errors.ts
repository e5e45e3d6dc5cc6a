/**
 * Errors meant for the person running the sync: whose fault it is, what is wrong, and the fix. The
 * `explain*` functions turn what @azure/identity (MSAL underneath) and the Graph client throw into
 * such errors; anything they do not recognise is left to the caller (they return null).
 */
import { adminConsentUrl as contractAdminConsentUrl } from "./contract";
import {
  describeTransportFault,
  isCertificateFault,
  isErrorLike,
  parseTransportFaultMessage,
  type TransportFault,
} from "./graph/transportFault";
import { scrubSecrets } from "./scrubSecrets";

/** Process exit codes of the CLI; documented in the README. */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Authentication: 3,
  Permission: 4,
  Unavailable: 5,
  DeletionGuard: 6,
  Store: 7,
  NotFound: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: says whose fault, what is wrong, and the fix. Never carries a secret. */
export class ReplicatorError extends Error {
  override readonly name = "ReplicatorError";
  readonly code: string;
  readonly fix: string;
  readonly exitCode: ExitCodeValue;
  readonly field?: string;

  constructor(options: {
    code: string;
    message: string;
    fix: string;
    exitCode: ExitCodeValue;
    field?: string;
    cause?: unknown;
  }) {
    // Scrubbed here as well as by the callers: a message is built from text that came from outside.
    super(scrubSecrets(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.fix = scrubSecrets(options.fix);
    this.exitCode = options.exitCode;
    if (options.field !== undefined) this.field = options.field;
  }

  toJSON(): { code: string; message: string; fix: string; field?: string; exitCode: number } {
    return {
      code: this.code,
      message: this.message,
      fix: this.fix,
      ...(this.field === undefined ? {} : { field: this.field }),
      exitCode: this.exitCode,
    };
  }
}

export interface EndpointContext {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  graphEndpoint: string;
}

/** Where a tenant admin grants the app its consent (User.Read.All) in one click. */
export function adminConsentUrl(context: EndpointContext): string {
  return contractAdminConsentUrl(context.tenantId, context.clientId, context.authorityHost);
}

const ROTATE_SECRET =
  "Rotate it with `pulumi up` in infra/ (the stack keeps a valid secret in place), then pass the new value " +
  "through AZURE_CLIENT_SECRET, --client-secret or the stack output JSON. Pass the secret's value, not its id.";

/**
 * Maps @azure/identity / MSAL errors (AADSTS7000215 wrong secret, AADSTS7000222 expired secret,
 * AADSTS90002 unknown tenant, AADSTS700016 unknown client, unreachable authority) to ReplicatorError;
 * null if not recognised. Also reads them wrapped in the GraphError the Graph client throws when its
 * authentication middleware failed, so callers try this first, then `explainGraphError`.
 */
export function explainCredentialError(error: unknown, context: EndpointContext): ReplicatorError | null {
  if (error instanceof ReplicatorError) return error;
  if (isNamed(error, "AggregateAuthenticationError")) {
    for (const inner of (error as { errors?: unknown[] }).errors ?? []) {
      const explained = explainCredentialError(inner, context);
      if (explained !== null) return explained;
    }
    return null;
  }
  if (!isErrorLike(error)) return null;
  const cause = sanitisedCause(error);
  const authority = `${context.authorityHost.replace(/\/+$/, "")}/${context.tenantId}`;

  for (const aadsts of aadstsCodes(error)) {
    const explained = explainAadsts(aadsts, context, cause);
    if (explained !== null) return explained;
  }

  const text = errorText(error);
  if (isNamed(error, "CredentialUnavailableError")) {
    const missing = /\b(tenantId|clientId|clientSecret) is a required parameter/.exec(text)?.[1];
    if (missing !== undefined) return missingCredential(missing, cause);
  }
  if (/Invalid tenant id provided/i.test(text)) {
    return new ReplicatorError({
      code: "tenant-id-invalid",
      field: "tenantId",
      message: `The tenant id "${context.tenantId}" is not a valid tenant id.`,
      fix: "Set AZURE_TENANT_ID or --tenant-id to the directory (tenant) id of the Entra tenant: a GUID such as 0f1e2d3c-….",
      exitCode: ExitCode.Usage,
      cause,
    });
  }
  if (/endpoints_resolution_error|openid_config_error|untrusted_authority|endpoints_resolution/i.test(text)) {
    return new ReplicatorError({
      code: "authority-unreachable",
      field: "authorityHost",
      message:
        `Could not read the sign-in endpoints of ${authority}: the authority host is unreachable or untrusted, ` +
        `or tenant "${context.tenantId}" does not exist there.`,
      fix:
        "Check AZURE_TENANT_ID / --tenant-id, and AZURE_AUTHORITY_HOST / --authority-host (or --cloud for a " +
        "sovereign cloud); make sure this machine can reach that host over HTTPS and trusts its certificate.",
      exitCode: ExitCode.Unavailable,
      cause,
    });
  }
  // A failed fetch is only the authority's when the identity library reports it: Graph's are not.
  if (!IDENTITY_ERROR_NAMES.some((name) => isNamed(error, name))) return null;
  const fault = describeTransportFault(error);
  if (fault !== null || /network_error|server_error|temporarily_unavailable/i.test(text)) {
    const why =
      fault === null ? "the request failed or the service answered with a server error" : fault.description;
    return new ReplicatorError({
      code: "authority-unreachable",
      field: "authorityHost",
      message: `Could not get a token from ${authority}: ${why}${fault === null ? "" : ` (${fault.code})`}.`,
      fix: unreachableAuthorityFix(fault),
      exitCode: ExitCode.Unavailable,
      cause,
    });
  }
  return null;
}

/** The fix for an authority that could not be reached: its certificate, or its address and the way to it. */
export function unreachableAuthorityFix(fault: TransportFault | null): string {
  return fault !== null && isCertificateFault(fault.code)
    ? "Trust the authority's CA (NODE_EXTRA_CA_CERTS=ca.pem) or fix AZURE_AUTHORITY_HOST / --authority-host."
    : "Check AZURE_AUTHORITY_HOST / --authority-host (or --cloud) and the network or proxy, then run again.";
}

/** AADSTS90002 / AADSTS900023, whether a token request or the authority's metadata said it. */
export function tenantNotFound(context: EndpointContext, aadsts: number, cause?: Error): ReplicatorError {
  return new ReplicatorError({
    code: "tenant-not-found",
    field: "tenantId",
    message: `Tenant "${context.tenantId}" was not found at ${context.authorityHost} (AADSTS${aadsts}).`,
    fix:
      "Check AZURE_TENANT_ID / --tenant-id (the directory (tenant) id the Pulumi stack outputs) and that " +
      "--cloud / AZURE_AUTHORITY_HOST points at the cloud the tenant lives in.",
    exitCode: ExitCode.Authentication,
    cause,
  });
}

/** What @azure/identity (and MSAL under it) throws from `getToken`. */
const IDENTITY_ERROR_NAMES = [
  "AuthenticationError",
  "AuthenticationRequiredError",
  "CredentialUnavailableError",
  "AuthError",
  "ClientAuthError",
  "ServerError",
];

function explainAadsts(aadsts: number, context: EndpointContext, cause: Error): ReplicatorError | null {
  switch (aadsts) {
    case 7000215:
      return new ReplicatorError({
        code: "client-secret-invalid",
        field: "clientSecret",
        message: `The client secret is invalid or expired (AADSTS7000215) for app ${context.clientId} in tenant ${context.tenantId}.`,
        fix: ROTATE_SECRET,
        exitCode: ExitCode.Authentication,
        cause,
      });
    case 7000222:
      return new ReplicatorError({
        code: "client-secret-expired",
        field: "clientSecret",
        message: `The client secret of app ${context.clientId} has expired (AADSTS7000222).`,
        fix: ROTATE_SECRET,
        exitCode: ExitCode.Authentication,
        cause,
      });
    case 90002:
    case 900023:
      return tenantNotFound(context, aadsts, cause);
    case 700016:
      return new ReplicatorError({
        code: "client-not-found",
        field: "clientId",
        message: `Application "${context.clientId}" was not found in tenant "${context.tenantId}" (AADSTS700016).`,
        fix:
          "Check AZURE_CLIENT_ID / --client-id is the application (client) id the Pulumi stack outputs, and " +
          `that the app was consented in this tenant: ${adminConsentUrl(context)}`,
        exitCode: ExitCode.Authentication,
        cause,
      });
    case 7000216:
    case 7000218:
      return missingCredential("clientSecret", cause);
    default:
      return null;
  }
}

function missingCredential(field: string, cause: Error): ReplicatorError {
  const variable = {
    tenantId: "AZURE_TENANT_ID",
    clientId: "AZURE_CLIENT_ID",
    clientSecret: "AZURE_CLIENT_SECRET",
  }[field];
  const flag = { tenantId: "--tenant-id", clientId: "--client-id", clientSecret: "--client-secret" }[field];
  return new ReplicatorError({
    code: "credential-missing",
    field,
    message: `No ${field} was given.`,
    fix: `Set ${variable ?? field} or ${flag ?? field}, or pass the stack output JSON (pulumi stack output --json --show-secrets).`,
    exitCode: ExitCode.Usage,
    cause,
  });
}

/**
 * Maps Graph client errors (GraphError 403 Authorization_RequestDenied → admin consent URL, 401,
 * 429/5xx after retries ran out, network errors naming the URL) to ReplicatorError; null if not recognised.
 */
export function explainGraphError(error: unknown, context: EndpointContext): ReplicatorError | null {
  if (error instanceof ReplicatorError) return error;
  if (!isErrorLike(error)) return null;
  const cause = sanitisedCause(error);
  const status = statusCodeOf(error);
  const serviceCode = serviceCodeOf(error);
  const requestId = requestIdOf(error);
  const answer = `${status}${serviceCode === null ? "" : ` ${serviceCode}`}${requestId === null ? "" : `, request-id ${requestId}`}`;

  if (status !== null && status > 0) {
    if (isDeltaTokenExpired(error)) {
      return new ReplicatorError({
        code: "delta-token-expired",
        message: `Microsoft Graph no longer accepts the stored delta link (${answer}).`,
        fix: "Run `entra-replicator sync --full` to start a new full round.",
        exitCode: ExitCode.Failure,
        cause,
      });
    }
    if (status === 403 && serviceCode !== null && !/^Authorization_RequestDenied$/i.test(serviceCode)) {
      return new ReplicatorError({
        code: "graph-forbidden",
        message: `Microsoft Graph refused the request (${answer}): ${scrubSecrets(error.message)}`,
        fix:
          `Check that the app ${context.clientId} has admin consent for User.Read.All (${adminConsentUrl(context)}) ` +
          "and that no Conditional Access policy for workload identities blocks it.",
        exitCode: ExitCode.Permission,
        cause,
      });
    }
    if (status === 403) {
      return new ReplicatorError({
        code: "graph-consent-missing",
        message:
          `Microsoft Graph refused to read users (${answer}): the app ${context.clientId} has no consent for ` +
          `User.Read.All in tenant ${context.tenantId}.`,
        fix:
          `A tenant admin grants it at ${adminConsentUrl(context)} — or run \`pulumi up\` in infra/, which ` +
          "assigns the User.Read.All application role and grants admin consent.",
        exitCode: ExitCode.Permission,
        cause,
      });
    }
    if (status === 401) {
      return new ReplicatorError({
        code: "graph-unauthorized",
        field: "graphEndpoint",
        message: `Microsoft Graph at ${context.graphEndpoint} rejected the access token (${answer}).`,
        fix:
          "Check that GRAPH_ENDPOINT / --graph-endpoint belongs to the same cloud as the authority host " +
          "(--cloud), and that its host is trusted to receive the token.",
        exitCode: ExitCode.Authentication,
        cause,
      });
    }
    if (status === 404) {
      return new ReplicatorError({
        code: "graph-not-found",
        field: "graphEndpoint",
        message: `Microsoft Graph at ${context.graphEndpoint} answered 404 (${answer}).`,
        fix: "Check GRAPH_ENDPOINT / --graph-endpoint: it is the service root, e.g. https://graph.microsoft.com.",
        exitCode: ExitCode.NotFound,
        cause,
      });
    }
    if (status === 429 || status >= 500) {
      return new ReplicatorError({
        code: status === 429 ? "graph-throttled" : "graph-unavailable",
        message:
          `Microsoft Graph ${status === 429 ? "kept throttling" : "kept failing"} (${answer}) after the retries ` +
          "ran out. The run stopped; pages applied so far are kept and the delta link was not advanced.",
        fix: "Run the sync again later: it resumes where it stopped. If this repeats, run it less often.",
        exitCode: ExitCode.Unavailable,
        cause,
      });
    }
    return null;
  }

  const transport = parseTransportFaultMessage(error.message);
  const fault =
    transport === null
      ? describeTransportFault(error)
      : { code: transport.code, description: transport.description, transient: true };
  if (fault === null) return null;
  const url = transport?.url ?? context.graphEndpoint;
  const attempts =
    transport === null ? "" : ` (${transport.attempts} attempt${transport.attempts === 1 ? "" : "s"})`;
  return new ReplicatorError({
    code: "graph-unreachable",
    field: "graphEndpoint",
    message: `Could not reach Microsoft Graph at ${url}: ${fault.description} (${fault.code})${attempts}.`,
    fix: isCertificateFault(fault.code)
      ? "Trust the server's CA (NODE_EXTRA_CA_CERTS=ca.pem) or fix GRAPH_ENDPOINT / --graph-endpoint."
      : "Check GRAPH_ENDPOINT / --graph-endpoint (or --cloud) and the network or proxy, then run again.",
    exitCode: ExitCode.Unavailable,
    cause,
  });
}

/** The delta token is no longer usable: 400 syncStateNotFound (any case), 410 Gone, or resyncRequired. */
export function isDeltaTokenExpired(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (statusCodeOf(error) === 410) return true;
  const codes = [serviceCodeOf(error), innerCodeOf(error)].map((code) => code?.toLowerCase());
  return codes.some((code) => code === "syncstatenotfound" || code === "resyncrequired");
}

function statusCodeOf(error: object): number | null {
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof status === "number" ? status : null;
}

function serviceCodeOf(error: object): string | null {
  const { code } = error as { code?: unknown };
  return typeof code === "string" && code.length > 0 ? code : null;
}

function requestIdOf(error: object): string | null {
  const { requestId } = error as { requestId?: unknown };
  return typeof requestId === "string" && requestId.length > 0 ? requestId : null;
}

/** `GraphError.body` is the service's `error` object as JSON; its `innerError.code` may hold the detail. */
function innerCodeOf(error: object): string | null {
  const { body } = error as { body?: unknown };
  if (typeof body !== "string" || !body.startsWith("{")) return null;
  try {
    const parsed = JSON.parse(body) as { innerError?: { code?: unknown }; innererror?: { code?: unknown } };
    const code = parsed.innerError?.code ?? parsed.innererror?.code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}

/**
 * AADSTS codes carried by an identity error: `AuthenticationError.errorResponse.errorCodes`, MSAL's
 * `ServerError.errorNo`, or — as @azure/identity 4 rethrows MSAL server errors as
 * `AuthenticationRequiredError` with only a message — "AADSTS7000215" / "Error(s): 7000215" in the text.
 */
function aadstsCodes(error: Error): number[] {
  const found: number[] = [];
  const { errorResponse, errorNo } = error as { errorResponse?: { errorCodes?: unknown }; errorNo?: unknown };
  if (Array.isArray(errorResponse?.errorCodes)) {
    for (const code of errorResponse.errorCodes) if (Number.isInteger(Number(code))) found.push(Number(code));
  }
  if (typeof errorNo === "string" || typeof errorNo === "number") {
    if (Number.isInteger(Number(errorNo))) found.push(Number(errorNo));
  }
  const text = errorText(error);
  for (const match of text.matchAll(/AADSTS(\d{5,7})/g)) found.push(Number(match[1]));
  const listed = /Error\(s\):\s*([\d ,]+)/.exec(text)?.[1];
  if (listed !== undefined) {
    for (const code of listed.split(/[ ,]+/)) if (code !== "") found.push(Number(code));
  }
  return [...new Set(found)];
}

function errorText(error: Error): string {
  const { errorResponse, errorMessage, errorCode } = error as {
    errorResponse?: { errorDescription?: unknown; error?: unknown };
    errorMessage?: unknown;
    errorCode?: unknown;
  };
  return [error.message, errorResponse?.error, errorResponse?.errorDescription, errorCode, errorMessage]
    .filter((part): part is string => typeof part === "string")
    .join("\n");
}

/** By name — or by `code`, where the Graph client keeps the name of an error it wrapped in a GraphError. */
function isNamed(error: unknown, name: string): boolean {
  return isErrorLike(error) && (error.name === name || (error as { code?: unknown }).code === name);
}

/**
 * What we keep of a library error as `cause`: its name, status and scrubbed message — not the object,
 * whose fields (request options, response bodies) may hold credentials and which pino would serialise.
 */
function sanitisedCause(error: Error): Error {
  const copy = new Error(scrubSecrets(error.message));
  copy.name = error.name;
  const status = statusCodeOf(error);
  const code = serviceCodeOf(error);
  if (status !== null) Object.assign(copy, { statusCode: status });
  if (code !== null) Object.assign(copy, { code });
  return copy;
}
