/**
 * What @azure/identity (MSAL underneath) throws, as ReplicatorErrors that say what to fix: AADSTS codes,
 * missing credentials, an authority that cannot be reached. Anything not recognised is left to the caller.
 */
import { adminConsentUrl as contractAdminConsentUrl } from "../contract";
import { ExitCode, ReplicatorError } from "../errors";
import { isNamed, sanitisedCause } from "../transport/libraryErrors";
import {
  describeTransportFault,
  isCertificateFault,
  isErrorLike,
  type TransportFault,
} from "../transport/transportFault";

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
