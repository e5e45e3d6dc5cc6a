import type { FastifyInstance } from "fastify";
import { buildServeApp } from "./app";
import { openServeBackend } from "./serveBackend";
import {
  contactNumber,
  createKey,
  revokeKey,
  syncInto,
  temporaryStore,
  TENANT_A,
  TENANT_B,
} from "../testing/serveFixture";

const store = temporaryStore();
let app: FastifyInstance;
let keyA: string;
let keyAId: string;
let keyB: string;
const contacts = Array.from({ length: 25 }, (_, i) => contactNumber(i + 1));

beforeAll(async () => {
  await syncInto(store.storePath, contacts);
  ({ key: keyA, keyId: keyAId } = await createKey(store.storePath, TENANT_A, "pbx"));
  ({ key: keyB } = await createKey(store.storePath, TENANT_B));
  app = await buildServeApp({ ...(await openServeBackend(store.storePath)), rateLimitMax: 1000 });
});
afterAll(async () => {
  await app.close();
  store.remove();
});

const get = (url: string, key: string | null = keyA, headers: Record<string, string> = {}) =>
  app.inject({
    method: "GET",
    url,
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...headers },
  });

describe("lookup", () => {
  it("finds a contact by a number written as dialled in the tenant's country", async () => {
    const response = await get("/v1/lookup?number=020%201000001");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.e164).toBe("+31201000001");
    expect(body.extension).toBeNull();
    expect(body.matches.map((m: { id: string }) => m.id)).toEqual([contacts[0]!.id]);
    expect(body.matches[0]).not.toHaveProperty("user");
    expect(body.matches[0].phones[0]).toEqual({
      type: "business",
      raw: "+31 20 1000001",
      e164: "+31201000001",
      extension: null,
      valid: true,
      problem: null,
    });
  });

  it("answers 404 with the same shape when nobody has the number", async () => {
    const response = await get("/v1/lookup?number=%2B31209999999");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ e164: "+31209999999", extension: null, matches: [] });
  });

  it.each([
    ["text", "n%2Fa"],
    ["NUL", "%00"],
    ["10 KB", "1".repeat(10_000)],
  ])("answers 400 naming the field for %s", async (_label, number) => {
    const response = await get(`/v1/lookup?number=${number}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("number");
  });

  it.each([
    ["fullwidth", "０２０１０００００１"],
    ["Arabic-Indic", "٠٢٠١٠٠٠٠٠١"],
  ])("reads %s digits as digits", async (_label, digits) => {
    const response = await get(`/v1/lookup?number=${encodeURIComponent(digits)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().e164).toBe("+31201000001");
  });

  it("answers 400 when the number is missing", async () => {
    const response = await get("/v1/lookup");
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid-request", field: "number" });
  });
});

describe("auth", () => {
  it.each([
    ["no key", null],
    ["a malformed key", "nonsense"],
    ["an unknown key", `erk_0123456789ab_${"A".repeat(43)}`],
  ])("refuses %s with 401", async (_label, key) => {
    const response = await get("/v1/contacts", key);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="entra-replicator"');
    expect(response.json().error.code).toBe("unauthorized");
  });

  it("refuses a right key id with a wrong secret", async () => {
    const forged = `${keyA.slice(0, "erk_".length + 12)}_${"B".repeat(43)}`;
    expect((await get("/v1/contacts", forged)).statusCode).toBe(401);
  });

  it("shows another tenant nothing: its contact id is a 404, its lookups miss", async () => {
    expect((await get(`/v1/contacts/${contacts[0]!.id}`, keyB)).statusCode).toBe(404);
    expect((await get("/v1/lookup?number=%2B31201000001", keyB)).statusCode).toBe(404);
    expect((await get("/v1/contacts", keyB)).json()).toEqual({ contacts: [], nextCursor: null });
  });

  it("keeps two tenants of one store apart, even for the same number", async () => {
    const other = {
      ...contactNumber(1),
      id: "99999999-0000-4000-8000-000000000001",
      displayName: "Tenant B's",
    };
    await syncInto(store.storePath, [other], { tenantId: TENANT_B, defaultCountry: "DE" });
    const numberOf = (key: string) => get("/v1/lookup?number=%2B31201000001", key).then((r) => r.json());
    expect((await numberOf(keyA)).matches.map((m: { id: string }) => m.id)).toEqual([contacts[0]!.id]);
    expect((await numberOf(keyB)).matches.map((m: { id: string }) => m.id)).toEqual([other.id]);
    expect((await get(`/v1/contacts/${other.id}`, keyA)).statusCode).toBe(404);
    // Each tenant's numbers are read in its own default country: 020… is Dutch for A, German for B.
    expect((await get("/v1/lookup?number=0201000001", keyA)).json().e164).toBe("+31201000001");
    expect((await get("/v1/lookup?number=0201000001", keyB)).json().e164).toBe("+49201000001");
  });

  it("refuses a key from the request after it was revoked", async () => {
    const { key, keyId } = await createKey(store.storePath, TENANT_A);
    expect((await get("/v1/contacts?limit=1", key)).statusCode).toBe(200);
    await revokeKey(store.storePath, keyId);
    expect((await get("/v1/contacts?limit=1", key)).statusCode).toBe(401);
    expect(keyAId).not.toBe(keyId);
  });
});

describe("contacts", () => {
  it("pages the whole directory in id order with a stable cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`/v1/contacts?limit=10${cursor === null ? "" : `&cursor=${cursor}`}`);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { contacts: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.contacts.map((c) => c.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(contacts.map((c) => c.id).sort());
  });

  it.each([
    ["a huge limit", "limit=100000000000", "limit"],
    ["a negative limit", "limit=-1", "limit"],
    ["a foreign cursor", "cursor=bm90LW91cnM", "cursor"],
  ])("answers 400 for %s", async (_label, query, field) => {
    const response = await get(`/v1/contacts?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it("gets one contact, and 404 for an id that does not exist", async () => {
    expect((await get(`/v1/contacts/${contacts[3]!.id}`)).json().displayName).toBe("Person 000004");
    expect((await get("/v1/contacts/nope")).statusCode).toBe(404);
  });
});

describe("everything else", () => {
  it("answers unknown routes and methods with a 404 that lists the API", async () => {
    for (const [method, url] of [
      ["GET", "/nope"],
      ["DELETE", "/v1/contacts"],
      ["POST", "/v1/lookup"],
    ] as const) {
      const response = await app.inject({ method, url, headers: { authorization: `Bearer ${keyA}` } });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("route-not-found");
    }
  });

  it("is healthy and ready with the age of the last successful sync", async () => {
    expect((await app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json().lastSuccessfulSyncAgeSeconds).toBeLessThan(60);
  });

  it("exposes request, lookup and directory metrics", async () => {
    const text = (await app.inject("/metrics")).body;
    expect(text).toMatch(
      /entra_replicator_http_requests_total\{route="\/v1\/lookup",method="GET",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/entra_replicator_lookups_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/entra_replicator_lookups_total\{result="invalid"\} [1-9]/);
    expect(text).toContain(`entra_replicator_directory_contacts{tenant="${TENANT_A}"} 25`);
    expect(text).toContain(`entra_replicator_directory_contacts{tenant="${TENANT_B}"} 1`);
    expect(text).toMatch(
      new RegExp(`entra_replicator_last_successful_sync_age_seconds\\{tenant="${TENANT_A}"\\} \\d`),
    );
    expect(text).toContain("entra_replicator_store_up 1");
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key used its budget; other keys are not affected", async () => {
    const limited = await buildServeApp({ ...(await openServeBackend(store.storePath)), rateLimitMax: 3 });
    try {
      const call = (key: string) =>
        limited.inject({
          method: "GET",
          url: "/v1/contacts?limit=1",
          headers: { authorization: `Bearer ${key}` },
        });
      for (let i = 0; i < 3; i++) expect((await call(keyA)).statusCode).toBe(200);
      const refused = await call(keyA);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(refused.json().error.code).toBe("rate-limited");
      expect((await call(keyB)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("readiness", () => {
  it("turns 503 when a tenant's last successful sync is older than --max-sync-age", async () => {
    const later = Date.now() + 3_600_000;
    const strict = await buildServeApp({
      ...(await openServeBackend(store.storePath)),
      maxSyncAgeSeconds: 600,
      now: () => later,
    });
    try {
      const ready = await strict.inject("/readyz");
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: "not-ready",
        store: "up",
        problem: "the last successful sync is older than 600 s",
      });
      expect(ready.json().lastSuccessfulSyncAgeSeconds).toBeGreaterThan(3_500);
    } finally {
      await strict.close();
    }
  });
});
