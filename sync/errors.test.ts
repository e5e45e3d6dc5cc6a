import {
  AggregateAuthenticationError,
  AuthenticationError,
  ClientSecretCredential,
  CredentialUnavailableError,
} from "@azure/identity";
import { Client, GraphError, HTTPMessageHandler } from "@microsoft/microsoft-graph-client";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ExitCode, ReplicatorError } from "./errors";
import { explainGraphError, isDeltaTokenExpired } from "./graph/graphErrors";
import { adminConsentUrl, type EndpointContext, explainCredentialError } from "./identity/identityErrors";
import { sendJson, startLoopbackHttps, type LoopbackServer } from "./testing/loopbackHttps";

const TENANT = "0f1e2d3c-4b5a-4968-8776-1a2b3c4d5e6f";
const CLIENT = "9a8b7c6d-5e4f-4321-9876-fedcba987654";
const SECRET = "Qx18Q~s3cr3tValueThatMustNeverLeak.0123456";

const PUBLIC_CLOUD: EndpointContext = {
  tenantId: TENANT,
  clientId: CLIENT,
  authorityHost: "https://login.microsoftonline.com",
  graphEndpoint: "https://graph.microsoft.com",
};

/** Everything a user or a log could ever see of an error. */
function allVisibleText(error: ReplicatorError): string {
  const cause =
    error.cause instanceof Error ? `${error.cause.name} ${error.cause.message}` : String(error.cause);
  return [error.message, error.fix, JSON.stringify(error), cause, error.stack ?? ""].join("\n");
}

function aadError(aadsts: number, error: string, description: string) {
  return {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: 5b7e Correlation ID: 9c1d Timestamp: 2026-11-27 06:00:00Z`,
    error_codes: [aadsts],
    timestamp: "2026-11-27 06:00:00Z",
    trace_id: "5b7e",
    correlation_id: "9c1d",
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  };
}

describe("ReplicatorError", () => {
  it("serialises to exactly its user-facing fields", () => {
    const error = new ReplicatorError({
      code: "tenant-id-invalid",
      field: "tenantId",
      message: "The tenant id is not a GUID.",
      fix: "Set AZURE_TENANT_ID.",
      exitCode: ExitCode.Usage,
      cause: new Error("inner"),
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ReplicatorError");
    expect(error.toJSON()).toEqual({
      code: "tenant-id-invalid",
      message: "The tenant id is not a GUID.",
      fix: "Set AZURE_TENANT_ID.",
      field: "tenantId",
      exitCode: 2,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });

  it("omits the field when there is none", () => {
    const error = new ReplicatorError({ code: "x", message: "m", fix: "f", exitCode: ExitCode.Failure });
    expect(error.toJSON()).toEqual({ code: "x", message: "m", fix: "f", exitCode: 1 });
  });

  it("scrubs credentials that slipped into its message or fix", () => {
    const error = new ReplicatorError({
      code: "x",
      message: `token endpoint said: client_secret=${SECRET}&grant_type=client_credentials`,
      fix: "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJyb2xlcyI6W119.c2lnbmF0dXJl",
      exitCode: ExitCode.Failure,
    });
    expect(error.message).toBe("token endpoint said: client_secret=[REDACTED]&grant_type=client_credentials");
    expect(error.fix).toBe("Authorization: Bearer [REDACTED]");
  });
});

describe("adminConsentUrl", () => {
  it.each([
    [
      "https://login.microsoftonline.com",
      `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${CLIENT}`,
    ],
    [
      "https://login.microsoftonline.us/",
      `https://login.microsoftonline.us/${TENANT}/adminconsent?client_id=${CLIENT}`,
    ],
    ["https://127.0.0.1:8443", `https://127.0.0.1:8443/${TENANT}/adminconsent?client_id=${CLIENT}`],
  ])("for authority %s", (authorityHost, expected) => {
    expect(adminConsentUrl({ ...PUBLIC_CLOUD, authorityHost })).toBe(expected);
  });
});

describe("explainCredentialError with the real ClientSecretCredential", () => {
  let tokenAnswer: (response: ServerResponse) => void = () => undefined;
  let openIdAnswer: ((response: ServerResponse) => void) | null = null;
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackHttps((request: IncomingMessage, response: ServerResponse) => {
      const tenant = /^\/([^/]+)\//.exec(request.url ?? "")?.[1] ?? "";
      if ((request.url ?? "").includes("/.well-known/openid-configuration")) {
        if (openIdAnswer !== null) return openIdAnswer(response);
        return sendJson(response, 200, {
          token_endpoint: `${server.url}/${tenant}/oauth2/v2.0/token`,
          issuer: `${server.url}/${tenant}/v2.0`,
          authorization_endpoint: `${server.url}/${tenant}/oauth2/v2.0/authorize`,
          jwks_uri: `${server.url}/${tenant}/discovery/v2.0/keys`,
          response_types_supported: ["code"],
          end_session_endpoint: `${server.url}/${tenant}/oauth2/v2.0/logout`,
        });
      }
      tokenAnswer(response);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    openIdAnswer = null;
  });

  async function failingGetToken(authorityHost = server.url): Promise<unknown> {
    const credential = new ClientSecretCredential(TENANT, CLIENT, SECRET, {
      authorityHost,
      disableInstanceDiscovery: true,
      // The identity pipeline's own retries of refused connections and 5xx answers only slow the test.
      retryOptions: { maxRetries: 0 },
    });
    return credential.getToken(`${PUBLIC_CLOUD.graphEndpoint}/.default`).then(
      () => {
        throw new Error("expected getToken to fail");
      },
      (error: unknown) => error,
    );
  }

  const context = (): EndpointContext => ({ ...PUBLIC_CLOUD, authorityHost: server.url });

  it.each([
    [
      "wrong secret",
      401,
      aadError(
        7000215,
        "invalid_client",
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT}'.`,
      ),
      { code: "client-secret-invalid", field: "clientSecret", exitCode: ExitCode.Authentication },
      /client secret is invalid or expired/,
    ],
    [
      "expired secret",
      401,
      aadError(
        7000222,
        "invalid_client",
        `The provided client secret keys for app '${CLIENT}' are expired. Visit the Azure portal to create new keys for your app.`,
      ),
      { code: "client-secret-expired", field: "clientSecret", exitCode: ExitCode.Authentication },
      /has expired \(AADSTS7000222\)/,
    ],
    [
      "unknown client",
      400,
      aadError(
        700016,
        "unauthorized_client",
        `Application with identifier '${CLIENT}' was not found in the directory '${TENANT}'.`,
      ),
      { code: "client-not-found", field: "clientId", exitCode: ExitCode.Authentication },
      /Application "9a8b7c6d-5e4f-4321-9876-fedcba987654" was not found/,
    ],
    [
      "unknown tenant at the token endpoint",
      400,
      aadError(
        90002,
        "invalid_request",
        `Tenant '${TENANT}' not found. Check to make sure you have the correct tenant ID.`,
      ),
      { code: "tenant-not-found", field: "tenantId", exitCode: ExitCode.Authentication },
      /Tenant "0f1e2d3c-4b5a-4968-8776-1a2b3c4d5e6f" was not found/,
    ],
  ])("%s", async (_case, status, body, expected, messagePattern) => {
    tokenAnswer = (response) => sendJson(response, status, body);
    const explained = explainCredentialError(await failingGetToken(), context());
    expect(explained).not.toBeNull();
    expect(explained?.toJSON()).toEqual({
      ...expected,
      message: expect.stringMatching(messagePattern),
      fix: expect.any(String),
    });
    expect(allVisibleText(explained as ReplicatorError)).not.toContain(SECRET);
  });

  it("tells a wrong or expired secret to rotate with pulumi up", async () => {
    tokenAnswer = (response) =>
      sendJson(response, 401, aadError(7000215, "invalid_client", "Invalid client secret provided."));
    const explained = explainCredentialError(await failingGetToken(), context());
    expect(explained?.fix).toMatch(/^Rotate it with `pulumi up`/);
  });

  it("an authority without OpenID metadata for the tenant (unknown tenant, wrong host)", async () => {
    openIdAnswer = (response) =>
      sendJson(response, 400, aadError(90002, "invalid_tenant", `Tenant '${TENANT}' not found.`));
    const explained = explainCredentialError(await failingGetToken(), context());
    expect(explained?.toJSON()).toEqual({
      code: "authority-unreachable",
      field: "authorityHost",
      exitCode: ExitCode.Unavailable,
      message: `Could not read the sign-in endpoints of ${server.url}/${TENANT}: the authority host is unreachable or untrusted, or tenant "${TENANT}" does not exist there.`,
      fix: expect.stringContaining("AZURE_AUTHORITY_HOST"),
    });
  });

  it("an authority that is not listening", async () => {
    const closed = await startLoopbackHttps(() => undefined);
    await closed.close();
    const explained = explainCredentialError(await failingGetToken(closed.url), {
      ...context(),
      authorityHost: closed.url,
    });
    expect(explained?.code).toBe("authority-unreachable");
    expect(explained?.message).toContain(`${closed.url}/${TENANT}`);
  });

  it("a token endpoint answering 500", async () => {
    tokenAnswer = (response) => sendJson(response, 500, { error: "server_error" });
    const explained = explainCredentialError(await failingGetToken(), context());
    expect(explained?.code).toBe("authority-unreachable");
    expect(explained?.exitCode).toBe(ExitCode.Unavailable);
  });
});

describe("explainCredentialError with constructed identity errors", () => {
  it("reads AADSTS codes from AuthenticationError.errorResponse", () => {
    const error = new AuthenticationError(
      401,
      aadError(7000222, "invalid_client", "The provided client secret keys are expired."),
    );
    expect(explainCredentialError(error, PUBLIC_CLOUD)?.code).toBe("client-secret-expired");
  });

  it("finds the recognised error inside an AggregateAuthenticationError", () => {
    const error = new AggregateAuthenticationError(
      [
        new Error("EnvironmentCredential is unavailable"),
        new AuthenticationError(401, aadError(7000215, "invalid_client", "Invalid client secret provided.")),
      ],
      "ChainedTokenCredential authentication failed.",
    );
    expect(explainCredentialError(error, PUBLIC_CLOUD)?.code).toBe("client-secret-invalid");
  });

  it.each([
    ["tenantId", "AZURE_TENANT_ID"],
    ["clientId", "AZURE_CLIENT_ID"],
    ["clientSecret", "AZURE_CLIENT_SECRET"],
  ])("a missing %s names the variable to set", (field, variable) => {
    const error = new CredentialUnavailableError(
      `ClientSecretCredential: ${field} is a required parameter. To troubleshoot, visit https://aka.ms/azsdk/js/identity/serviceprincipalauthentication/troubleshoot.`,
    );
    const explained = explainCredentialError(error, PUBLIC_CLOUD);
    expect(explained?.toJSON()).toEqual({
      code: "credential-missing",
      field,
      exitCode: ExitCode.Usage,
      message: `No ${field} was given.`,
      fix: expect.stringContaining(variable),
    });
  });

  it("a malformed tenant id", () => {
    const error = new Error(
      "Invalid tenant id provided. You can locate your tenant id by following the instructions listed here: https://learn.microsoft.com/partner-center/find-ids-and-domain-names.",
    );
    expect(explainCredentialError(error, { ...PUBLIC_CLOUD, tenantId: "not a tenant" })?.toJSON()).toEqual({
      code: "tenant-id-invalid",
      field: "tenantId",
      exitCode: ExitCode.Usage,
      message: 'The tenant id "not a tenant" is not a valid tenant id.',
      fix: expect.stringContaining("AZURE_TENANT_ID"),
    });
  });

  it("never keeps an echoed secret, in the message or the cause", () => {
    const error = new AuthenticationError(
      400,
      `<html>bad request: client_id=${CLIENT}&client_secret=${SECRET}&scope=x AADSTS7000215</html>`,
    );
    const explained = explainCredentialError(error, PUBLIC_CLOUD) as ReplicatorError;
    expect(explained.code).toBe("client-secret-invalid");
    expect(allVisibleText(explained)).not.toContain(SECRET);
    expect((explained.cause as Error).message).toContain("client_secret=[REDACTED]");
  });

  it.each([
    ["an unrelated error", new Error("disk full")],
    ["a string", "AADSTS7000215"],
    ["null", null],
    [
      "a failed Graph fetch",
      new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) }),
    ],
    [
      "a Graph transport GraphError",
      Object.assign(new GraphError(-1, "fetch failed"), { code: "TypeError" }),
    ],
  ])("%s is not recognised", (_case, error) => {
    expect(explainCredentialError(error, PUBLIC_CLOUD)).toBeNull();
  });
});

describe("explainGraphError with real GraphErrors", () => {
  let answer: (response: ServerResponse) => void = () => undefined;
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackHttps((_request, response) => answer(response));
  });
  afterAll(() => server.close());

  /** The Graph client with no retries: each answer becomes the GraphError the client throws. */
  async function graphErrorFor(status: number, body: unknown, headers: Record<string, string> = {}) {
    answer = (response) => sendJson(response, status, body, headers);
    const client = Client.initWithMiddleware({ middleware: new HTTPMessageHandler(), baseUrl: server.url });
    return client
      .api("/users/delta")
      .get()
      .then(
        () => {
          throw new Error("expected the request to fail");
        },
        (error: unknown) => error,
      );
  }

  const graphBody = (code: string, message: string) => ({
    error: {
      code,
      message,
      innerError: { date: "2026-11-27T06:00:00", "request-id": "req-42", "client-request-id": "c-1" },
    },
  });

  it("403 Authorization_RequestDenied points at the admin consent URL", async () => {
    const error = await graphErrorFor(
      403,
      graphBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
    );
    expect(explainGraphError(error, PUBLIC_CLOUD)?.toJSON()).toEqual({
      code: "graph-consent-missing",
      exitCode: ExitCode.Permission,
      message: `Microsoft Graph refused to read users (403 Authorization_RequestDenied, request-id req-42): the app ${CLIENT} has no consent for User.Read.All in tenant ${TENANT}.`,
      fix: `A tenant admin grants it at https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${CLIENT} — or run \`pulumi up\` in infra/, which assigns the User.Read.All application role and grants admin consent.`,
    });
  });

  it("another 403 is a permission error that quotes Graph and still points at consent", async () => {
    const error = await graphErrorFor(
      403,
      graphBody("Forbidden", "Access blocked by Conditional Access policies."),
    );
    expect(explainGraphError(error, PUBLIC_CLOUD)?.toJSON()).toEqual({
      code: "graph-forbidden",
      exitCode: ExitCode.Permission,
      message:
        "Microsoft Graph refused the request (403 Forbidden, request-id req-42): Access blocked by Conditional Access policies.",
      fix: `Check that the app ${CLIENT} has admin consent for User.Read.All (https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=${CLIENT}) and that no Conditional Access policy for workload identities blocks it.`,
    });
  });

  it.each([
    [401, "InvalidAuthenticationToken", { code: "graph-unauthorized", exitCode: ExitCode.Authentication }],
    [404, "Request_ResourceNotFound", { code: "graph-not-found", exitCode: ExitCode.NotFound }],
    [429, "TooManyRequests", { code: "graph-throttled", exitCode: ExitCode.Unavailable }],
    [503, "ServiceUnavailable", { code: "graph-unavailable", exitCode: ExitCode.Unavailable }],
    [504, "GatewayTimeout", { code: "graph-unavailable", exitCode: ExitCode.Unavailable }],
  ])("%i %s", async (status, code, expected) => {
    const explained = explainGraphError(await graphErrorFor(status, graphBody(code, "no")), PUBLIC_CLOUD);
    expect({ code: explained?.code, exitCode: explained?.exitCode }).toEqual(expected);
    expect(explained?.message).toContain(`${status} ${code}, request-id req-42`);
  });

  it("429 after the retries ran out says the delta link was not advanced", async () => {
    const explained = explainGraphError(
      await graphErrorFor(429, graphBody("TooManyRequests", "slow down")),
      PUBLIC_CLOUD,
    );
    expect(explained?.message).toBe(
      "Microsoft Graph kept throttling (429 TooManyRequests, request-id req-42) after the retries ran out. The run stopped; pages applied so far are kept and the delta link was not advanced.",
    );
  });

  it("a GraphError from a failed fetch names the Graph endpoint", () => {
    // What the Graph client throws outside jest when fetch fails and no transport-fault middleware
    // runs: GraphErrorHandler keeps only the name and message, the cause (ECONNREFUSED …) is lost.
    const error = Object.assign(new GraphError(-1, "fetch failed"), {
      code: "TypeError",
      body: "TypeError: fetch failed",
    });
    expect(explainGraphError(error, PUBLIC_CLOUD)?.toJSON()).toEqual({
      code: "graph-unreachable",
      field: "graphEndpoint",
      exitCode: ExitCode.Unavailable,
      message:
        "Could not reach Microsoft Graph at https://graph.microsoft.com: the request could not be sent (FETCH_FAILED).",
      fix: "Check GRAPH_ENDPOINT / --graph-endpoint (or --cloud) and the network or proxy, then run again.",
    });
  });

  it("reads the failure of a raw fetch from its cause", async () => {
    const closed = await startLoopbackHttps(() => undefined);
    await closed.close();
    const error = await fetch(`${closed.url}/v1.0/users`).catch((caught: unknown) => caught);
    expect(explainGraphError(error, { ...PUBLIC_CLOUD, graphEndpoint: closed.url })?.message).toBe(
      `Could not reach Microsoft Graph at ${closed.url}: connection refused: nothing is listening at that address (ECONNREFUSED).`,
    );
  });

  it.each([
    ["ENOTFOUND", "getaddrinfo ENOTFOUND graph.example.invalid", /does not resolve/, /network or proxy/],
    [
      "SELF_SIGNED_CERT_IN_CHAIN",
      "self-signed certificate in certificate chain",
      /untrusted self-signed CA/,
      /NODE_EXTRA_CA_CERTS/,
    ],
    ["CERT_HAS_EXPIRED", "certificate has expired", /has expired/, /NODE_EXTRA_CA_CERTS/],
  ])("fetch failing with %s", (code, causeMessage, messagePattern, fixPattern) => {
    const error = new TypeError("fetch failed", { cause: Object.assign(new Error(causeMessage), { code }) });
    const explained = explainGraphError(error, PUBLIC_CLOUD);
    expect(explained?.message).toMatch(messagePattern);
    expect(explained?.message).toContain(`https://graph.microsoft.com`);
    expect(explained?.fix).toMatch(fixPattern);
  });

  it("an unrelated error is not recognised", () => {
    expect(explainGraphError(new RangeError("bad index"), PUBLIC_CLOUD)).toBeNull();
    expect(explainGraphError({ statusCode: 403 }, PUBLIC_CLOUD)).toBeNull();
  });

  describe("isDeltaTokenExpired", () => {
    it.each([
      [400, "syncStateNotFound", true],
      [400, "SyncStateNotFound", true],
      [400, "SYNCSTATENOTFOUND", true],
      [410, "Gone", true],
      [410, "resyncRequired", true],
      [400, "resyncRequired", true],
      [400, "BadRequest", false],
      [404, "Request_ResourceNotFound", false],
      [429, "TooManyRequests", false],
    ])("%i %s → %s", async (status, code, expected) => {
      const error = await graphErrorFor(
        status,
        graphBody(code, "The sync state generation is not found."),
        status === 410 ? { location: `${server.url}/v1.0/users/delta` } : {},
      );
      expect(isDeltaTokenExpired(error)).toBe(expected);
    });

    it("reads a resyncRequired inner error code", async () => {
      const error = await graphErrorFor(400, {
        error: {
          code: "BadRequest",
          message: "Resync required.",
          innerError: { code: "resyncRequired", "request-id": "r" },
        },
      });
      expect(isDeltaTokenExpired(error)).toBe(true);
    });

    it.each([[null], ["syncStateNotFound"], [new Error("syncStateNotFound")]])(
      "%p is not a GraphError",
      (value) => {
        expect(isDeltaTokenExpired(value)).toBe(false);
      },
    );

    it("an expired delta token explains itself as needing a full round", async () => {
      const error = await graphErrorFor(400, graphBody("syncStateNotFound", "The delta token is expired."));
      expect(explainGraphError(error, PUBLIC_CLOUD)?.code).toBe("delta-token-expired");
    });
  });
});
