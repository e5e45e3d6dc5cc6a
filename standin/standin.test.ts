import { ClientSecretCredential } from "@azure/identity";
import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFor, graphClientFor } from "./clients";
import { startStandIn, type GraphUser, type StandIn } from "./index";

const TENANT = "6f1c3a52-0d1e-4b8a-9c55-2f6b0c7d9e11";
const CLIENT = "0a4b8c2d-1e3f-4a5b-8c6d-7e8f9a0b1c2d";
const SECRET = "Xy78Q~stand-in-test-secret-value";
const SELECT = "displayName,mobilePhone,businessPhones,accountEnabled";

function user(n: number, extra: Partial<GraphUser> = {}): GraphUser {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    displayName: `User ${n}`,
    mobilePhone: `+3161234${String(n).padStart(4, "0")}`,
    businessPhones: [],
    accountEnabled: true,
    jobTitle: "Engineer",
    ...extra,
  };
}

interface DeltaPage {
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: Record<string, unknown>[];
}

/** Follows nextLinks to the end of a round the way a client must: even through empty pages. */
async function readRound(client: Client, firstUrl: string, headers: Record<string, string> = {}) {
  const pages: DeltaPage[] = [];
  let next: string | undefined = firstUrl;
  while (next !== undefined) {
    const page: DeltaPage = await client.api(next).headers(headers).get();
    pages.push(page);
    next = page["@odata.nextLink"];
    if (next === undefined && page["@odata.deltaLink"] === undefined)
      throw new Error("page without any link");
  }
  const deltaLink = pages.at(-1)?.["@odata.deltaLink"] as string;
  return { pages, deltaLink, records: pages.flatMap((p) => p.value) };
}

describe("stand-in through the real @azure/identity and Graph client", () => {
  let standIn: StandIn;
  let client: Client;

  beforeEach(async () => {
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      users: [1, 2, 3, 4, 5].map((n) => user(n)),
      pageSize: 2,
    });
    client = graphClientFor(standIn, credentialFor(standIn, SECRET));
  });

  afterEach(() => standIn.close());

  it("issues a token with the roles claim, and a wrong secret surfaces AADSTS7000215", async () => {
    const token = await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`);
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1] as string, "base64url").toString("utf8"));
    expect(claims).toMatchObject({ aud: standIn.url, tid: TENANT, appid: CLIENT, roles: ["User.Read.All"] });
    expect(claims.exp - claims.iat).toBe(3600);

    await expect(
      credentialFor(standIn, "not-the-secret").getToken(`${standIn.url}/.default`),
    ).rejects.toThrow(/AADSTS7000215: Invalid client secret provided/);
    standIn.expireClientSecret();
    await expect(credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`)).rejects.toThrow(
      /AADSTS7000222/,
    );
    expect(standIn.requests.list("metadata").map((r) => r.path)).toEqual([
      `/${TENANT}/v2.0/.well-known/openid-configuration`,
      `/${TENANT}/v2.0/.well-known/openid-configuration`,
      `/${TENANT}/v2.0/.well-known/openid-configuration`,
    ]);
  });

  it("names unknown tenants and clients the way the identity platform does", async () => {
    const unknownTenant = "9e7a1f10-5d1c-4c2b-8a55-0c1d2e3f4a5b";
    const metadata = await fetch(`${standIn.url}/${unknownTenant}/v2.0/.well-known/openid-configuration`);
    expect(metadata.status).toBe(400);
    expect(await metadata.json()).toMatchObject({
      error: "invalid_tenant",
      error_codes: [90002],
      error_description: expect.stringMatching(
        new RegExp(`^AADSTS90002: Tenant '${unknownTenant}' not found\\.`),
      ),
    });
    // MSAL has built-in metadata for Microsoft's own hosts and so reaches the token endpoint (→ AADSTS90002);
    // for any other authority host it must fetch the metadata, and reports that 400 as endpoints_resolution_error.
    const wrongTenant = new ClientSecretCredential(unknownTenant, CLIENT, SECRET, {
      authorityHost: standIn.url,
      disableInstanceDiscovery: true,
    });
    await expect(wrongTenant.getToken(`${standIn.url}/.default`)).rejects.toThrow(
      /endpoints_resolution_error/,
    );
    const wrongClient = new ClientSecretCredential(TENANT, "5b4a3f2e-1d0c-4b9a-8f7e-6d5c4b3a2f1e", SECRET, {
      authorityHost: standIn.url,
      disableInstanceDiscovery: true,
    });
    await expect(wrongClient.getToken(`${standIn.url}/.default`)).rejects.toThrow(
      /AADSTS700016: Application with identifier '5b4a3f2e-1d0c-4b9a-8f7e-6d5c4b3a2f1e' was not found/,
    );
  });

  it("accepts a token for https://graph.microsoft.com as well as for its own URL", async () => {
    const token = await credentialFor(standIn, SECRET).getToken("https://graph.microsoft.com/.default");
    const response = await fetch(`${standIn.url}/v1.0/users?$top=1&$select=displayName`, {
      headers: {
        authorization: `Bearer ${token.token}`,
        "client-request-id": "abc-123",
        "x-ms-throttle-priority": "low",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("client-request-id")).toBe("abc-123");
    expect(standIn.requests.list("users")).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/v1.0/users",
        query: { $top: "1", $select: "displayName" },
        status: 200,
        hasAuthorization: true,
        clientRequestId: "abc-123",
        throttlePriority: "low",
      }),
    ]);
    const unauthenticated = await fetch(`${standIn.url}/v1.0/users/delta`);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toEqual({
      error: {
        code: "InvalidAuthenticationToken",
        message: "Access token is empty.",
        innerError: {
          date: expect.any(String),
          "request-id": expect.any(String),
          "client-request-id": expect.any(String),
        },
      },
    });
  });

  it("serves a full round in pages, including an empty page, then only changes", async () => {
    standIn.faults.insertEmptyPages({ skipFirst: 1 });
    const full = await readRound(client, `/users/delta?$select=${SELECT}`);
    expect(full.pages.map((p) => p.value.length)).toEqual([2, 0, 2, 1]);
    expect(full.pages[1]?.["@odata.nextLink"]).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$skiptoken=/,
    );
    expect(full.records[0]).toEqual({
      id: user(1).id,
      displayName: "User 1",
      mobilePhone: "+31612340001",
      businessPhones: [],
      accountEnabled: true,
    });
    expect(full.records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => user(n).id));
    expect(full.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/);

    standIn.directory.update(user(1).id, { mobilePhone: "+31687654321", jobTitle: "Lead" });
    standIn.directory.update(user(2).id, { jobTitle: "Not selected, not tracked" });
    standIn.directory.softDelete(user(3).id);
    standIn.directory.hardDelete(user(4).id);
    standIn.directory.add(user(6));

    const minimal = await readRound(client, full.deltaLink, { Prefer: "return=minimal" });
    expect(minimal.records).toEqual([
      { id: user(1).id, mobilePhone: "+31687654321" },
      { id: user(3).id, "@removed": { reason: "changed" } },
      {
        id: user(6).id,
        displayName: "User 6",
        mobilePhone: "+31612340006",
        businessPhones: [],
        accountEnabled: true,
      },
      { id: user(4).id, "@removed": { reason: "deleted" } },
    ]);

    standIn.directory.restore(user(3).id);
    const afterRestore = await readRound(client, minimal.deltaLink);
    expect(afterRestore.records).toEqual([
      {
        id: user(3).id,
        displayName: "User 3",
        mobilePhone: "+31612340003",
        businessPhones: [],
        accountEnabled: true,
      },
    ]);
    const quiet = await readRound(client, afterRestore.deltaLink);
    expect(quiet.pages).toEqual([expect.objectContaining({ value: [] })]);
  });

  it("without Prefer: return=minimal an updated user carries every selected property", async () => {
    const full = await readRound(client, `/users/delta?$select=${SELECT}`);
    standIn.directory.update(user(2).id, { accountEnabled: false });
    const next = await readRound(client, full.deltaLink);
    expect(next.records).toEqual([
      {
        id: user(2).id,
        displayName: "User 2",
        mobilePhone: "+31612340002",
        businessPhones: [],
        accountEnabled: false,
      },
    ]);
  });

  it("takes Prefer: odata.maxpagesize as a ceiling under its own page size", async () => {
    const round = await readRound(client, "/users/delta?$select=displayName", {
      Prefer: "odata.maxpagesize=1",
    });
    expect(round.pages.map((p) => p.value.length)).toEqual([1, 1, 1, 1, 1]);
    const larger = await readRound(client, "/users/delta?$select=displayName", {
      Prefer: "odata.maxpagesize=999",
    });
    expect(larger.pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
  });

  it("refuses an unknown $select property like Graph", async () => {
    await expect(client.api("/users/delta?$select=displayName,shoeSize").get()).rejects.toMatchObject({
      statusCode: 400,
      code: "Request_BadRequest",
      message: "Could not find a property named 'shoeSize' on type 'Microsoft.DirectoryServices.User'.",
    });
  });

  it("answers 403 Authorization_RequestDenied when the app lacks User.Read.All", async () => {
    standIn.setRoles([]);
    await expect(client.api("/users?$top=1").get()).rejects.toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    const token = await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`);
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1] as string, "base64url").toString("utf8"));
    expect(claims.roles).toBeUndefined();
  });

  it("throttles with 429 + Retry-After and the client's RetryHandler waits and retries", async () => {
    standIn.faults.throttle("delta", { retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const round = await readRound(client, `/users/delta?$select=${SELECT}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(round.records).toHaveLength(5);
    const statuses = standIn.requests.list("delta").map((r) => r.status);
    expect(statuses).toEqual([429, 200, 200, 200]);
  });

  it("reads one user for the doctor, by $top=1 and by id", async () => {
    const page = await client.api("/users").top(1).select("id,displayName").get();
    expect(page.value).toEqual([{ id: user(1).id, displayName: "User 1" }]);
    expect(page["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    const one = await client
      .api(`/users/${user(2).id}`)
      .select("displayName")
      .get();
    expect(one).toMatchObject({ id: user(2).id, displayName: "User 2" });
  });
});
