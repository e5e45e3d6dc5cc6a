/** What the Graph client throws, as ReplicatorErrors that say what to fix (beside the Graph code it explains). */
import { ExitCode, ReplicatorError } from "../errors";
import { adminConsentUrl, type EndpointContext } from "../identity/identityErrors";
import { scrubSecrets } from "../scrubSecrets";
import { requestIdOf, sanitisedCause, serviceCodeOf, statusCodeOf } from "../transport/libraryErrors";
import {
  describeTransportFault,
  isCertificateFault,
  isErrorLike,
  parseTransportFaultMessage,
} from "../transport/transportFault";

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
