import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFor, graphClientFor } from "./clients";
import type { DeltaTokenExpiryShape } from "./faults";
import { startStandIn, type GraphUser, type StandIn } from "./index";

const TENANT = "6f1c3a52-0d1e-4b8a-9c55-2f6b0c7d9e11";
const CLIENT = "0a4b8c2d-1e3f-4a5b-8c6d-7e8f9a0b1c2d";
const SECRET = "Ft28Q~stand-in-test-secret-value";

function user(n: number): GraphUser {
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, displayName: `User ${n}` };
}

interface DeltaPage {
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: Record<string, unknown>[];
}

async function readRound(client: Client, firstUrl: string) {
  const pages: DeltaPage[] = [];
  let next: string | undefined = firstUrl;
  while (next !== undefined) {
    const page: DeltaPage = await client.api(next).get();
    pages.push(page);
    next = page["@odata.nextLink"];
  }
  return {
    pages,
    deltaLink: pages.at(-1)?.["@odata.deltaLink"] as string,
    records: pages.flatMap((p) => p.value),
  };
}

describe("fault injection", () => {
  let standIn: StandIn;
  let client: Client;

  beforeEach(async () => {
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      users: [1, 2, 3, 4, 5].map(user),
      pageSize: 2,
    });
    client = graphClientFor(standIn, credentialFor(standIn, SECRET));
  });

  afterEach(() => standIn.close());

  async function bearer(): Promise<string> {
    return `Bearer ${(await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`)).token}`;
  }

  it("503 and 504 with Retry-After are retried by the client; HTTP-date Retry-After is sent as a date", async () => {
    standIn.faults.add({
      endpoint: "delta",
      action: { kind: "status", status: 503, headers: { "Retry-After": "0" } },
    });
    standIn.faults.add({
      endpoint: "delta",
      action: { kind: "status", status: 504, headers: { "Retry-After": "0" } },
      skipFirst: 1,
    });
    const round = await readRound(client, "/users/delta?$select=displayName");
    expect(round.records).toHaveLength(5);
    expect(standIn.requests.list("delta").map((r) => [r.status, r.fault])).toEqual([
      [503, "status:503"],
      [200, null],
      [504, "status:504"],
      [200, null],
      [200, null],
    ]);

    standIn.faults.throttle("users", { retryAfterSeconds: 30, form: "http-date" });
    const response = await fetch(`${standIn.url}/v1.0/users`, { headers: { authorization: await bearer() } });
    expect(response.status).toBe(429);
    expect(new Date(response.headers.get("retry-after") as string).getTime()).toBeGreaterThan(
      Date.now() + 20_000,
    );
    expect(await response.json()).toMatchObject({ error: { code: "TooManyRequests", innerError: {} } });
  });

  it("keeps failing with times: Infinity until removed, and names a bad count", async () => {
    const id = standIn.faults.add({
      endpoint: "users",
      action: { kind: "status", status: 500 },
      times: Infinity,
    });
    for (let i = 0; i < 3; i++) {
      await expect(client.api("/users").get()).rejects.toMatchObject({
        statusCode: 500,
        code: "InternalServerError",
      });
    }
    expect(standIn.faults.pending).toBe(1);
    standIn.faults.remove(id);
    expect((await client.api("/users").get()).value).toHaveLength(5);
    expect(() => standIn.faults.add({ endpoint: "users", action: { kind: "drop" }, times: 0 })).toThrow(
      "faults.add: times must be a positive integer or Infinity (got 0); omit it for once",
    );
    expect(() => standIn.faults.add({ endpoint: "graph" as never, action: { kind: "drop" } })).toThrow(
      /endpoint "graph" is unknown; use one of metadata, token, users, user, delta, keyvault/,
    );
  });

  it("drops the connection before the response, and mid-body", async () => {
    standIn.faults.add({ endpoint: "delta", action: { kind: "drop" } });
    await expect(client.api("/users/delta").get()).rejects.toThrow();
    standIn.faults.add({ endpoint: "delta", action: { kind: "dropMidBody", bytes: 40 } });
    await expect(client.api("/users/delta").get()).rejects.toThrow();
    const round = await readRound(client, "/users/delta");
    expect(round.records).toHaveLength(5);
    expect(standIn.requests.list("delta").map((r) => r.status)).toEqual([
      "dropped",
      "dropped",
      200,
      200,
      200,
    ]);
  });

  const shapes: [DeltaTokenExpiryShape, number, string][] = [
    ["syncStateNotFound", 400, "syncStateNotFound"],
    ["SyncStateNotFound", 400, "SyncStateNotFound"],
    ["resyncRequired", 400, "resyncRequired"],
    ["resyncRequiredGone", 410, "resyncRequired"],
    ["gone", 410, "SyncStateNotFound"],
    ["goneWithoutLocation", 410, "SyncStateNotFound"],
  ];
  it.each(shapes)("expires a delta token as %s", async (shape, status, code) => {
    const { deltaLink } = await readRound(client, "/users/delta?$select=displayName,mail");
    standIn.faults.expireDeltaToken(shape);
    const response = await fetch(deltaLink, { headers: { authorization: await bearer() } });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(response.headers.get("location")).toBe(
      shape === "gone" || shape === "resyncRequiredGone"
        ? `${standIn.url}/v1.0/users/delta?$select=displayName,mail`
        : null,
    );
    // Once only: the same token works again afterwards.
    expect((await readRound(client, deltaLink)).records).toEqual([]);
  });

  it("invalidates every delta token at once, until a fresh full round", async () => {
    const first = await readRound(client, "/users/delta");
    standIn.faults.invalidateAllDeltaTokens("SyncStateNotFound");
    await expect(client.api(first.deltaLink).get()).rejects.toMatchObject({
      statusCode: 400,
      code: "SyncStateNotFound",
    });
    await expect(client.api(first.deltaLink).get()).rejects.toMatchObject({ statusCode: 400 });
    const fresh = await readRound(client, "/users/delta");
    expect(fresh.records).toHaveLength(5);
    expect((await readRound(client, fresh.deltaLink)).records).toEqual([]);
  });

  it("truncates a full round with an early deltaLink, and can make the source read as empty", async () => {
    standIn.faults.truncateNextFullRound(1);
    const truncated = await readRound(client, "/users/delta");
    expect(truncated.pages).toHaveLength(1);
    expect(truncated.records.map((r) => r.id)).toEqual([user(1).id, user(2).id]);
    expect(truncated.deltaLink).toBeDefined();

    standIn.faults.setZeroUsers(true);
    const empty = await readRound(client, "/users/delta");
    expect(empty.records).toEqual([]);
    expect((await client.api("/users").get()).value).toEqual([]);
    standIn.faults.setZeroUsers(false);
    expect((await readRound(client, "/users/delta")).records).toHaveLength(5);
  });

  it("delays a token response, and refuses an expired access token", async () => {
    await standIn.close();
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      tokenLifetimeSeconds: 1,
    });
    standIn.faults.add({ endpoint: "token", action: { kind: "delay", ms: 200 } });
    const started = Date.now();
    const token = await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await fetch(`${standIn.url}/v1.0/users`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: {
        code: "InvalidAuthenticationToken",
        message: "Lifetime validation failed, the token is expired.",
      },
    });
  });

  it("answers token faults in the identity platform's error shape; @azure/identity retries them", async () => {
    standIn.faults.add({
      endpoint: "token",
      action: { kind: "status", status: 503, headers: { "Retry-After": "0" } },
    });
    await expect(credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`)).resolves.toBeDefined();
    expect(standIn.requests.list("token").map((r) => r.status)).toEqual([503, 200]);

    standIn.faults.add({ endpoint: "token", action: { kind: "status", status: 503 } });
    const response = await fetch(`${standIn.url}/${TENANT}/oauth2/v2.0/token`, { method: "POST", body: "" });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: "temporarily_unavailable",
      error_codes: [90033],
      error_description: expect.stringMatching(/^AADSTS90033: /),
    });
  });
});
