/**
 * MSAL reports every failure to read an authority's OpenID metadata as `endpoints_resolution_error`,
 * dropping why: a refused connection, an untrusted certificate and an unknown tenant (AADSTS90002)
 * look the same. This asks the metadata URL directly, so the user hears which one it is.
 */
import { ExitCode, ReplicatorError } from "../errors";
import { describeTransportFault } from "../transport/transportFault";
import {
  type EndpointContext,
  explainCredentialError,
  tenantNotFound,
  unreachableAuthorityFix,
} from "./identityErrors";

export interface AuthorityProbeOptions {
  /** @default 10000 */
  timeoutMs?: number;
}

/**
 * What is wrong with the authority of `context`, or null when its metadata reads fine (the failure was
 * elsewhere). Never throws.
 */
export async function probeAuthority(
  context: EndpointContext,
  options: AuthorityProbeOptions = {},
): Promise<ReplicatorError | null> {
  const authority = `${context.authorityHost.replace(/\/+$/, "")}/${context.tenantId}`;
  const url = `${authority}/v2.0/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    const fault = describeTransportFault(error);
    const timedOut = (error as { name?: unknown }).name === "TimeoutError";
    const why = timedOut
      ? "no answer within the time limit"
      : fault === null
        ? "the request failed"
        : `${fault.description} (${fault.code})`;
    return new ReplicatorError({
      code: "authority-unreachable",
      field: "authorityHost",
      message: `Cannot reach the authority ${url}: ${why}.`,
      fix: unreachableAuthorityFix(fault),
      exitCode: ExitCode.Unavailable,
      cause: fault === null ? undefined : new Error(`${fault.code}: ${fault.description}`),
    });
  }
  const body = await response.text().catch(() => "");
  if (response.ok) return null;
  const aadsts = aadstsOf(body);
  if (aadsts === 90002 || aadsts === 900023) {
    return tenantNotFound(context, aadsts);
  }
  return new ReplicatorError({
    code: "authority-unreachable",
    field: "authorityHost",
    message: `The authority ${url} answered HTTP ${response.status}${aadsts === null ? "" : ` (AADSTS${aadsts})`} instead of its OpenID metadata.`,
    fix: "Check AZURE_AUTHORITY_HOST / --authority-host (or --cloud): it is the sign-in host, e.g. https://login.microsoftonline.com.",
    exitCode: ExitCode.Unavailable,
  });
}

/**
 * `explainCredentialError`, and when that could only say "the authority's endpoints could not be
 * read", the authority's own answer to why. For callers that can wait a request (sync, doctor).
 */
export async function diagnoseCredentialError(
  error: unknown,
  context: EndpointContext,
  options: AuthorityProbeOptions = {},
): Promise<ReplicatorError | null> {
  const explained = explainCredentialError(error, context);
  if (explained?.code !== "authority-unreachable") return explained;
  return (await probeAuthority(context, options)) ?? explained;
}

function aadstsOf(body: string): number | null {
  try {
    const codes = (JSON.parse(body) as { error_codes?: unknown }).error_codes;
    if (Array.isArray(codes) && Number.isInteger(codes[0])) return codes[0] as number;
  } catch {
    // not JSON: fall through to the text
  }
  const match = /AADSTS(\d{5,7})/.exec(body);
  return match === null ? null : Number(match[1]);
}
