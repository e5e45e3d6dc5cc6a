import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

const RERUN = "Run the sync again: it resumes where it stopped (the delta token was not advanced).";

export const GRAPH_ERROR_CODES: ErrorCodeArea = {
  area: "Microsoft Graph",
  codes: [
    {
      code: "graph-consent-missing",
      exitCode: ExitCode.Permission,
      meaning:
        "Graph refused to list users (403 Authorization_RequestDenied): no admin consent for User.Read.All.",
      fix: "A tenant admin opens the admin-consent URL in the message, or run `pulumi up` in infra/.",
    },
    {
      code: "graph-forbidden",
      exitCode: ExitCode.Permission,
      meaning: "Graph refused the request with another 403 (e.g. a Conditional Access policy).",
      fix: "Check the app's consent and Conditional Access policies for workload identities.",
    },
    {
      code: "graph-unauthorized",
      exitCode: ExitCode.Authentication,
      meaning: "Graph rejected the access token (401): endpoint and authority of different clouds.",
      fix: "Make GRAPH_ENDPOINT / --graph-endpoint and --cloud agree.",
    },
    {
      code: "graph-not-found",
      exitCode: ExitCode.NotFound,
      meaning: "The Graph endpoint answered 404.",
      fix: "Set GRAPH_ENDPOINT to the service root, e.g. https://graph.microsoft.com.",
    },
    {
      code: "graph-throttled",
      exitCode: ExitCode.Unavailable,
      meaning: "Graph kept answering 429 after the retries ran out.",
      fix: `${RERUN} If it repeats, run it less often.`,
    },
    {
      code: "graph-unavailable",
      exitCode: ExitCode.Unavailable,
      meaning: "Graph kept answering 5xx after the retries ran out.",
      fix: RERUN,
    },
    {
      code: "graph-unreachable",
      exitCode: ExitCode.Unavailable,
      meaning: "Graph cannot be reached (connection refused, reset, timeout, untrusted certificate).",
      fix: "Check GRAPH_ENDPOINT / --cloud, the network or proxy, and the CA the machine trusts.",
    },
    {
      code: "graph-page-malformed",
      exitCode: ExitCode.Unavailable,
      meaning: "A /users/delta page was not the shape Graph documents.",
      fix: RERUN,
    },
    {
      code: "graph-round-incomplete",
      exitCode: ExitCode.Unavailable,
      meaning: "A /users/delta round ended without a deltaLink.",
      fix: RERUN,
    },
    {
      code: "delta-token-expired",
      exitCode: ExitCode.Failure,
      meaning:
        "Graph no longer accepts the stored delta token (the sync normally starts a full round itself).",
      fix: "Run `entra-replicator sync --full`.",
    },
    {
      code: "retry-policy-invalid",
      exitCode: ExitCode.Usage,
      meaning: "A programmatic caller gave a retry setting out of range.",
      fix: "Give the retry field a value in the range named, or leave it out.",
    },
    {
      code: "permission-missing",
      exitCode: ExitCode.Permission,
      meaning: "doctor: the token carries no role that lets it list users.",
      fix: "Grant admin consent for Microsoft Graph User.Read.All (the URL is in the message).",
    },
  ],
};
