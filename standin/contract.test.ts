import type { Client } from "@microsoft/microsoft-graph-client";
import { credentialFor, graphClientFor } from "./clients";
import { DELTA_TOKEN_LIFETIME_MS } from "./graph";
import { startStandIn, type GraphUser, type StandIn } from "./index";

/**
 * /work/shared/GRAPH-CONTRACT.md, row by row: each test names the row and its source. Driven through the real
 * @azure/identity credential and Graph client where a client would read; raw fetch where the status line or
 * a header is the point.
 */

const USER_DELTA = "learn.microsoft.com/graph/api/user-delta";
const DELTA_OVERVIEW = "learn.microsoft.com/graph/delta-query-overview";
const DOCS_4946 = "microsoft-graph-docs#4946";
const TOKEN_BLOG =
  "Microsoft 365 Dev blog, Duration of change tracking tokens for identity and education resources";
const THROTTLING = "learn.microsoft.com/graph/throttling";
const ERRORS = "learn.microsoft.com/graph/errors";

const TENANT = "6f1c3a52-0d1e-4b8a-9c55-2f6b0c7d9e11";
const CLIENT = "0a4b8c2d-1e3f-4a5b-8c6d-7e8f9a0b1c2d";
const SECRET = "Ct91Q~stand-in-contract-secret";
const SELECT = "displayName,jobTitle,mobilePhone,accountEnabled";

function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** User 1 has everything selected; user 2 never had a job title or a mobile number. */
const USERS: GraphUser[] = [
  { id: id(1), displayName: "One", jobTitle: "Engineer", mobilePhone: "+31612345001", accountEnabled: true },
  { id: id(2), displayName: "Two", accountEnabled: true },
  { id: id(3), displayName: "Three", jobTitle: "Lead", accountEnabled: true },
];

interface Page {
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: Record<string, unknown>[];
}

async function readRound(client: Client, first: string, prefer?: string) {
  const pages: Page[] = [];
  let next: string | undefined = first;
  while (next !== undefined) {
    const request = client.api(next);
    const page: Page = await (prefer === undefined ? request : request.header("Prefer", prefer)).get();
    pages.push(page);
    next = page["@odata.nextLink"];
  }
  const records = new Map(pages.flatMap((page) => page.value).map((record) => [record.id as string, record]));
  return { pages, records, deltaLink: pages.at(-1)?.["@odata.deltaLink"] as string };
}

describe("GRAPH-CONTRACT.md: the stand-in reproduces Graph's documented behaviour", () => {
  let standIn: StandIn;
  let client: Client;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 1);
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      users: USERS,
      pageSize: 2,
      now: () => clock,
    });
    client = graphClientFor(standIn, credentialFor(standIn, SECRET));
  });

  afterEach(() => standIn.close());

  async function bearer(): Promise<string> {
    return `Bearer ${(await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`)).token}`;
  }

  describe(`users delta, what a record carries (${USER_DELTA}; ${DOCS_4946})`, () => {
    it("default, property has a value: the value, in the initial round and every later round, changed or not", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      expect(initial.records.get(id(1))).toEqual({ ...USERS[0] });
      standIn.directory.update(id(1), { displayName: "One renamed" });
      const later = await readRound(client, initial.deltaLink);
      expect(later.records.get(id(1))).toEqual({ ...USERS[0], displayName: "One renamed" });
    });

    it("default, property was changed to null (cleared): the key with null", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      standIn.directory.update(id(1), { mobilePhone: null });
      const later = await readRound(client, initial.deltaLink);
      expect(later.records.get(id(1))).toEqual({ ...USERS[0], mobilePhone: null });
      expect(later.records.get(id(1))).toHaveProperty("mobilePhone", null);
    });

    it("default, property has never been set: the key is absent, in the initial round too", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      expect(initial.records.get(id(2))).toEqual({ id: id(2), displayName: "Two", accountEnabled: true });
      expect(initial.records.get(id(2))).not.toHaveProperty("jobTitle");
      standIn.directory.update(id(2), { displayName: "Two renamed" });
      const later = await readRound(client, initial.deltaLink);
      expect(later.records.get(id(2))).toEqual({
        id: id(2),
        displayName: "Two renamed",
        accountEnabled: true,
      });
    });

    it("Prefer: return=minimal, property changed: the new value, null included (Preference-Applied says so)", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      standIn.directory.update(id(1), { jobTitle: "Architect", mobilePhone: null });
      const later = await readRound(client, initial.deltaLink, "return=minimal");
      expect(later.records.get(id(1))).toEqual({ id: id(1), jobTitle: "Architect", mobilePhone: null });
      const response = await fetch(initial.deltaLink, {
        headers: { authorization: await bearer(), prefer: "return=minimal" },
      });
      expect(response.headers.get("preference-applied")).toBe("return=minimal");
    });

    it("Prefer: return=minimal, property unchanged: absent; only a client that sends it gets it", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      standIn.directory.update(id(3), { jobTitle: "Director" });
      const minimal = await readRound(client, initial.deltaLink, "return=minimal");
      expect(minimal.records.get(id(3))).toEqual({ id: id(3), jobTitle: "Director" });
      const standard = await readRound(client, initial.deltaLink);
      expect(standard.records.get(id(3))).toEqual({ ...USERS[2], jobTitle: "Director" });
      const response = await fetch(initial.deltaLink, { headers: { authorization: await bearer() } });
      expect(response.headers.get("preference-applied")).toBeNull();
    });

    it("id is always present, even when only other properties are selected", async () => {
      const round = await readRound(client, "/users/delta?$select=jobTitle");
      expect([...round.records.values()]).toEqual([
        { id: id(1), jobTitle: "Engineer" },
        { id: id(2) },
        { id: id(3), jobTitle: "Lead" },
      ]);
    });
  });

  describe(`users delta, rounds, pages and tokens (${DELTA_OVERVIEW}; ${USER_DELTA})`, () => {
    it("a page carries @odata.nextLink (even when value is empty) or @odata.deltaLink, never both", async () => {
      standIn.faults.insertEmptyPages({ times: 1 });
      const round = await readRound(client, `/users/delta?$select=${SELECT}`);
      expect(round.pages[0]).toMatchObject({ value: [], "@odata.nextLink": expect.any(String) });
      for (const page of round.pages) {
        expect(("@odata.nextLink" in page ? 1 : 0) + ("@odata.deltaLink" in page ? 1 : 0)).toBe(1);
      }
      expect(round.records.size).toBe(3);
    });

    it("the initial round returns the users that exist now, in their latest state; deleted ones are not returned", async () => {
      standIn.directory.update(id(1), { jobTitle: "Architect" });
      standIn.directory.softDelete(id(2));
      standIn.directory.hardDelete(id(3));
      const round = await readRound(client, `/users/delta?$select=${SELECT}`);
      expect([...round.records.values()]).toEqual([{ ...USERS[0], jobTitle: "Architect" }]);
    });

    it("query options go on the initial request only and are encoded into next and delta links", async () => {
      const round = await readRound(client, "/users/delta?$select=displayName");
      const links = [...round.pages.map((p) => p["@odata.nextLink"]).filter(Boolean), round.deltaLink];
      for (const link of links) expect(new URL(link as string).searchParams.has("$select")).toBe(false);
      standIn.directory.update(id(1), { displayName: "One renamed", jobTitle: "Architect" });
      const later = await readRound(client, round.deltaLink);
      expect([...later.records.values()]).toEqual([{ id: id(1), displayName: "One renamed" }]);
    });

    it("accountEnabled (like userType, usageLocation, country) comes only when selected", async () => {
      const round = await readRound(client, "/users/delta");
      expect(round.records.get(id(1))).not.toHaveProperty("accountEnabled");
      const selected = await readRound(client, "/users/delta?$select=accountEnabled");
      expect(selected.records.get(id(1))).toEqual({ id: id(1), accountEnabled: true });
    });

    it("$deltatoken=latest returns a deltaLink and no users: sync from now", async () => {
      const latest = await readRound(client, `/users/delta?$select=${SELECT}&$deltatoken=latest`);
      expect(latest.pages).toHaveLength(1);
      expect(latest.records.size).toBe(0);
      standIn.directory.update(id(2), { jobTitle: "New" });
      const later = await readRound(client, latest.deltaLink);
      expect([...later.records.values()]).toEqual([{ ...USERS[1], jobTitle: "New" }]);
    });

    it('removals: @removed reason "changed" = soft-deleted, "deleted" = permanently; a restored user comes back whole', async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      standIn.directory.softDelete(id(1));
      standIn.directory.hardDelete(id(2));
      const removals = await readRound(client, initial.deltaLink);
      expect([...removals.records.values()]).toEqual([
        { id: id(1), "@removed": { reason: "changed" } },
        { id: id(2), "@removed": { reason: "deleted" } },
      ]);
      standIn.directory.restore(id(1));
      const restored = await readRound(client, removals.deltaLink);
      expect([...restored.records.values()]).toEqual([{ ...USERS[0] }]);
    });

    it(`delta links for users live 7 days; an older one gets 400 syncStateNotFound (${TOKEN_BLOG})`, async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      clock += DELTA_TOKEN_LIFETIME_MS - 60_000;
      await expect(readRound(client, initial.deltaLink)).resolves.toBeDefined();
      clock += 120_000;
      const response = await fetch(initial.deltaLink, { headers: { authorization: await bearer() } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: {
          code: "syncStateNotFound",
          message:
            "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
        },
      });
    });

    it("410 Gone with resyncRequired carries a Location to restart from (a fresh initial request)", async () => {
      const initial = await readRound(client, `/users/delta?$select=${SELECT}`);
      standIn.faults.expireDeltaToken("resyncRequiredGone");
      const response = await fetch(initial.deltaLink, { headers: { authorization: await bearer() } });
      expect(response.status).toBe(410);
      expect(await response.json()).toMatchObject({ error: { code: "resyncRequired" } });
      const location = response.headers.get("location") as string;
      expect(location).toBe(`${standIn.url}/v1.0/users/delta?$select=${SELECT}`);
      expect((await readRound(client, location)).records.size).toBe(3);
    });
  });

  describe(`cost and throttling (${THROTTLING})`, () => {
    it("429 carries Retry-After in seconds; the request log counts every request by route", async () => {
      standIn.faults.throttle("delta", { retryAfterSeconds: 0, times: 1 });
      const response = await fetch(`${standIn.url}/v1.0/users/delta`, {
        headers: { authorization: await bearer() },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("0");
      standIn.requests.clear();
      await readRound(client, `/users/delta?$select=${SELECT}`);
      await client.api(`/users/${id(1)}`).get();
      expect(standIn.requests.countsByEndpoint()).toEqual({
        metadata: 1,
        token: 1,
        delta: 2,
        user: 1,
        users: 0,
        keyvault: 0,
        other: 0,
      });
    });
  });

  describe(`errors (${ERRORS}; identity platform AADSTS codes)`, () => {
    it("a Graph error body is {error: {code, message, innerError: {date, request-id, client-request-id}}}", async () => {
      const response = await fetch(`${standIn.url}/v1.0/users/delta?$select=nonsense`, {
        headers: { authorization: await bearer(), "client-request-id": "my-request" },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({
        code: "Request_BadRequest",
        message: expect.any(String),
        innerError: {
          date: expect.any(String),
          "request-id": response.headers.get("request-id"),
          "client-request-id": "my-request",
        },
      });
    });

    it.each([
      ["7000215", "invalid secret", () => undefined, "wrong-secret"],
      ["7000222", "expired secret", (s: StandIn) => s.expireClientSecret(), SECRET],
    ])(
      "token endpoint failure carries AADSTS%s (%s) in error_description",
      async (code, _what, arrange, secret) => {
        arrange(standIn);
        const response = await fetch(`${standIn.url}/${TENANT}/oauth2/v2.0/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: CLIENT,
            client_secret: secret,
            scope: `${standIn.url}/.default`,
          }).toString(),
        });
        expect(((await response.json()) as { error_description: string }).error_description).toMatch(
          new RegExp(`^AADSTS${code}: `),
        );
      },
    );

    it("token endpoint failure carries AADSTS700016 (app not found) and AADSTS90002 (tenant not found)", async () => {
      const form = (client_id: string) =>
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id,
          client_secret: SECRET,
          scope: `${standIn.url}/.default`,
        }).toString();
      const headers = { "content-type": "application/x-www-form-urlencoded" };
      const unknownApp = await fetch(`${standIn.url}/${TENANT}/oauth2/v2.0/token`, {
        method: "POST",
        headers,
        body: form("11111111-2222-4333-8444-555555555555"),
      });
      expect(((await unknownApp.json()) as { error_description: string }).error_description).toMatch(
        /^AADSTS700016: /,
      );
      const unknownTenant = await fetch(
        `${standIn.url}/99999999-2222-4333-8444-555555555555/oauth2/v2.0/token`,
        {
          method: "POST",
          headers,
          body: form(CLIENT),
        },
      );
      expect(((await unknownTenant.json()) as { error_description: string }).error_description).toMatch(
        /^AADSTS90002: /,
      );
    });

    it("403 Authorization_RequestDenied from Graph when User.Read.All is missing or not consented", async () => {
      standIn.setRoles([]);
      const response = await fetch(`${standIn.url}/v1.0/users/delta`, {
        headers: { authorization: await bearer() },
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "Authorization_RequestDenied" } });
    });
  });
});
