/**
 * The chain as the sync uses it — the real ClientSecretCredential, TokenCredentialAuthenticationProvider
 * and Graph client — against the loopback stand-in's fault injection and its identity error shapes.
 */
import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { startStandIn, type StandIn } from "../../standin";
import { ExitCode, type ReplicatorError } from "../errors";
import { type EndpointContext, explainCredentialError } from "../identity/identityErrors";
import { explainGraphError } from "./graphErrors";
import { createMiddlewareChain } from "./middlewareChain";

const TENANT = "6d3f2b1a-0c9e-4f8d-a7b6-5e4d3c2b1a09";
const CLIENT = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
const SECRET = "Zx48Q~standInSecretThatMustNotLeak.abcdefghi";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    pageSize: 2,
    users: [1, 2, 3].map((n) => ({
      id: `0000000${n}-0000-4000-8000-000000000000`,
      displayName: `User ${n}`,
    })),
  });
});
afterAll(() => standIn.close());

function connect(secret = SECRET) {
  const credential = new ClientSecretCredential(TENANT, CLIENT, secret, {
    authorityHost: standIn.authorityHost,
    disableInstanceDiscovery: true,
  });
  const retries: { attempt: number; status: number | null }[] = [];
  const client = Client.initWithMiddleware({
    middleware: createMiddlewareChain({
      authProvider: new TokenCredentialAuthenticationProvider(credential, {
        scopes: [`${standIn.graphEndpoint}/.default`],
      }),
      retry: { maxRetries: 3, delaySeconds: 0.01, maxDelaySeconds: 2 },
      throttlePriority: "low",
      onRetry: ({ attempt, status }) => retries.push({ attempt, status }),
    }),
    baseUrl: standIn.graphEndpoint,
    customHosts: new Set(["127.0.0.1"]),
    defaultVersion: "v1.0",
  });
  return { client, retries };
}

const context = (): EndpointContext => ({
  tenantId: TENANT,
  clientId: CLIENT,
  authorityHost: standIn.authorityHost,
  graphEndpoint: standIn.graphEndpoint,
});

/** Follows nextLinks to the end of the round: the ids of every user read. */
async function readFullRound(client: Client): Promise<string[]> {
  const ids: string[] = [];
  let page = (await client.api("/users/delta").select("id,displayName").get()) as {
    value: { id: string }[];
    "@odata.nextLink"?: string;
  };
  ids.push(...page.value.map((user) => user.id));
  while (page["@odata.nextLink"] !== undefined) {
    page = await client.api(page["@odata.nextLink"]).get();
    ids.push(...page.value.map((user) => user.id));
  }
  return ids.sort();
}

const ALL_IDS = [1, 2, 3].map((n) => `0000000${n}-0000-4000-8000-000000000000`);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

function visible(error: ReplicatorError): string {
  return [
    error.message,
    error.fix,
    JSON.stringify(error),
    String((error.cause as Error | undefined)?.message),
  ].join("\n");
}

describe("the middleware chain against the stand-in", () => {
  beforeEach(() => {
    standIn.faults.clear();
    standIn.requests.clear();
    standIn.setClientSecret(SECRET);
    standIn.setRoles(["User.Read.All"]);
  });

  it.each([
    [
      "a 429 burst with Retry-After seconds",
      () => standIn.faults.throttle("delta", { retryAfterSeconds: 0, times: 2 }),
      [429, 429],
    ],
    [
      "a 429 with a Retry-After HTTP-date",
      () => standIn.faults.throttle("delta", { form: "http-date", retryAfterSeconds: 1 }),
      [429],
    ],
    [
      "503 then 504",
      () => {
        standIn.faults.add({ endpoint: "delta", action: { kind: "status", status: 503 } });
        standIn.faults.add({ endpoint: "delta", action: { kind: "status", status: 504 } });
      },
      [503, 504],
    ],
    [
      "a dropped connection mid-round",
      () => standIn.faults.add({ endpoint: "delta", action: { kind: "drop" }, skipFirst: 1 }),
      [null],
    ],
    [
      "a page cut off mid-body",
      () =>
        standIn.faults.add({ endpoint: "delta", action: { kind: "dropMidBody", bytes: 40 }, skipFirst: 1 }),
      [null],
    ],
  ])("reads the whole round through %s", async (_case, arm, retriedStatuses) => {
    arm();
    const { client, retries } = connect();
    expect(await readFullRound(client)).toEqual(ALL_IDS);
    expect(retries.map((retry) => retry.status)).toEqual(retriedStatuses);
  });

  it("marks every Graph request low priority", async () => {
    const { client } = connect();
    await readFullRound(client);
    const graphRequests = standIn.requests.list("delta");
    expect(graphRequests).toHaveLength(2); // 3 users, 2 per page
    expect(graphRequests.map((request) => [request.throttlePriority, request.hasAuthorization])).toEqual([
      ["low", true],
      ["low", true],
    ]);
  });

  it("a wrong secret: AADSTS7000215 → rotate with pulumi up", async () => {
    const { client } = connect("Ab18Q~wrongSecretValueThatMustNotLeak.xyzxyz");
    const error = await failure(client.api("/users/delta").get());
    const explained = explainCredentialError(error, context()) as ReplicatorError;
    expect(explained.toJSON()).toEqual({
      code: "client-secret-invalid",
      field: "clientSecret",
      exitCode: ExitCode.Authentication,
      message: `The client secret is invalid or expired (AADSTS7000215) for app ${CLIENT} in tenant ${TENANT}.`,
      fix: expect.stringMatching(/^Rotate it with `pulumi up`/),
    });
    expect(visible(explained)).not.toContain("wrongSecretValueThatMustNotLeak");
  });

  it("an expired secret: AADSTS7000222", async () => {
    standIn.expireClientSecret();
    const error = await failure(connect().client.api("/users/delta").get());
    const explained = explainCredentialError(error, context()) as ReplicatorError;
    expect(explained.code).toBe("client-secret-expired");
    expect(visible(explained)).not.toContain(SECRET);
  });

  it("an unknown client id: AADSTS700016", async () => {
    const credential = new ClientSecretCredential(TENANT, "99999999-9999-4999-8999-999999999999", SECRET, {
      authorityHost: standIn.authorityHost,
      disableInstanceDiscovery: true,
    });
    const error = await failure(credential.getToken(`${standIn.graphEndpoint}/.default`));
    expect(explainCredentialError(error, context())?.code).toBe("client-not-found");
  });

  it("no consent: 403 Authorization_RequestDenied → the admin consent URL", async () => {
    standIn.setRoles([]);
    const error = await failure(connect().client.api("/users/delta").get());
    expect(explainCredentialError(error, context())).toBeNull();
    const explained = explainGraphError(error, context()) as ReplicatorError;
    expect({ code: explained.code, exitCode: explained.exitCode }).toEqual({
      code: "graph-consent-missing",
      exitCode: ExitCode.Permission,
    });
    expect(explained.fix).toContain(`${standIn.authorityHost}/${TENANT}/adminconsent?client_id=${CLIENT}`);
  });
});

describe("identity errors of the stand-in, through the real credential", () => {
  it("an unknown tenant names the tenant id to check", async () => {
    const unknownTenant = "deadbeef-0000-4000-8000-000000000000";
    const credential = new ClientSecretCredential(unknownTenant, CLIENT, SECRET, {
      authorityHost: standIn.authorityHost,
      disableInstanceDiscovery: true,
    });
    const error = await failure(credential.getToken(`${standIn.graphEndpoint}/.default`));
    const explained = explainCredentialError(error, {
      ...context(),
      tenantId: unknownTenant,
    }) as ReplicatorError;
    // MSAL reads the tenant's OpenID metadata first; a 400 there (AADSTS90002) reaches us only as
    // endpoints_resolution_error, indistinguishable from an unreachable host, so the message names both.
    expect(explained.code).toBe("authority-unreachable");
    expect(explained.message).toContain(unknownTenant);
    expect(explained.fix).toContain("AZURE_TENANT_ID / --tenant-id");
  });
});

describe("token expiry mid-run", () => {
  it("the credential re-acquires an expired token between pages; the round is not restarted", async () => {
    const shortLived = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      pageSize: 2,
      // Long enough that a token is never expired on its way to the stand-in on a loaded 2-core machine.
      tokenLifetimeSeconds: 3,
      users: ALL_IDS.map((id, n) => ({ id, displayName: `User ${n + 1}` })),
    });
    try {
      const credential = new ClientSecretCredential(TENANT, CLIENT, SECRET, {
        authorityHost: shortLived.authorityHost,
        disableInstanceDiscovery: true,
      });
      const client = Client.initWithMiddleware({
        middleware: createMiddlewareChain({
          authProvider: new TokenCredentialAuthenticationProvider(credential, {
            scopes: [`${shortLived.graphEndpoint}/.default`],
          }),
        }),
        baseUrl: shortLived.graphEndpoint,
        customHosts: new Set(["127.0.0.1"]),
        defaultVersion: "v1.0",
      });
      const first = (await client.api("/users/delta").get()) as {
        value: { id: string }[];
        "@odata.nextLink": string;
      };
      await new Promise((resolve) => setTimeout(resolve, 3100)); // the first token is now expired
      const second = (await client.api(first["@odata.nextLink"]).get()) as { value: { id: string }[] };

      expect([...first.value, ...second.value].map((user) => user.id).sort()).toEqual(ALL_IDS);
      expect(shortLived.requests.list("delta").map((request) => request.status)).toEqual([200, 200]);
      expect(shortLived.requests.count("token")).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
