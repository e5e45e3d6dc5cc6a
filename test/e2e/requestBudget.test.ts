import { syncTenant } from "../../sync/index";
import { USER_SELECT } from "../../sync/model";
import { generateTenant } from "../../standin/generateTenant";
import type { RequestCounts } from "../../standin";
import { DELTA_TOKEN_LIFETIME_MS } from "../../standin/graph";
import { type Harness, startHarness } from "./harness";

/**
 * Cost is behaviour (GRAPH-CONTRACT.md, "Cost and throttling"; learn.microsoft.com/graph/throttling): a
 * directory read is budgeted per app per tenant, and `GET /users/{id}` costs about as much as a whole
 * delta page. A round is one request per page plus token traffic — asserted exactly, through the real
 * @azure/identity credential and Graph client, on a generated tenant where most users lack properties.
 */

const USERS = 250;
const PAGE_SIZE = 20;
const FULL_PAGES = Math.ceil(USERS / PAGE_SIZE);

/**
 * Token traffic of one run: the credential is new per run, so MSAL reads the OpenID metadata of the
 * (non-Microsoft) authority once and asks the token endpoint once; the token then lasts the whole round.
 */
const TOKEN_TRAFFIC = { metadata: 1, token: 1 };

function counts(delta: number): RequestCounts {
  return { ...TOKEN_TRAFFIC, delta, user: 0, users: 0, keyvault: 0, other: 0 };
}

describe("Graph requests per round (request budget)", () => {
  let harness: Harness;
  const tenant = generateTenant({ seed: 8, count: USERS });

  beforeAll(async () => {
    harness = await startHarness(tenant, { pageSize: PAGE_SIZE });
  });

  afterAll(async () => {
    await harness.close();
  });

  it("runs on a tenant where most users lack some selected property", () => {
    const selected = USER_SELECT.filter((property) => property !== "id");
    const lacking = tenant.filter((user) => selected.some((property) => !(property in user)));
    expect(lacking.length / tenant.length).toBeGreaterThan(0.8);
  });

  it("a full round: one request per delta page plus token traffic, and no single-user reads", async () => {
    harness.standIn.requests.clear();
    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "full", outcome: "succeeded", pages: FULL_PAGES });
    expect(harness.standIn.requests.countsByEndpoint()).toEqual(counts(FULL_PAGES));
    const inScope = tenant.filter((user) => user.accountEnabled !== false && user.userType !== "Guest");
    expect((await harness.contacts()).size).toBe(inScope.length);
  });

  it("an incremental round with 1% of users changed: one page plus token traffic", async () => {
    const changed = tenant.slice(0, Math.ceil(USERS / 100)).map((user) => user.id);
    for (const id of changed) harness.standIn.directory.update(id, { jobTitle: `Changed ${id.slice(0, 4)}` });
    harness.standIn.requests.clear();

    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({ mode: "incremental", outcome: "succeeded", pages: 1 });
    expect(summary.updated + summary.unchanged).toBeGreaterThan(0);
    expect(harness.standIn.requests.countsByEndpoint()).toEqual(counts(1));
  });

  it("an incremental round with nothing changed: still one page (the deltaLink) plus token traffic", async () => {
    harness.standIn.requests.clear();
    const summary = await syncTenant(harness.options());
    expect(summary).toMatchObject({ mode: "incremental", created: 0, updated: 0, deleted: 0, pages: 1 });
    expect(harness.standIn.requests.countsByEndpoint()).toEqual(counts(1));
  });
});

describe("a round that must make more requests says why (GRAPH-CONTRACT.md, rounds, pages and tokens)", () => {
  let harness: Harness;
  let clock = Date.UTC(2026, 0, 1);
  const tenant = generateTenant({ seed: 9, count: 60 });

  beforeAll(async () => {
    harness = await startHarness(tenant, { pageSize: PAGE_SIZE, now: () => clock });
    await syncTenant(harness.options());
  });

  afterAll(async () => {
    await harness.close();
  });

  it("a deltaLink older than 7 days: one refused request (400 syncStateNotFound), then a full round", async () => {
    clock += DELTA_TOKEN_LIFETIME_MS + 60_000;
    harness.standIn.requests.clear();

    const summary = await syncTenant(harness.options());

    const pages = Math.ceil(tenant.length / PAGE_SIZE);
    expect(summary).toMatchObject({ mode: "full", outcome: "succeeded", created: 0, deleted: 0, pages });
    expect(harness.standIn.requests.list("delta")[0]).toMatchObject({ status: 400 });
    expect(harness.standIn.requests.countsByEndpoint()).toEqual(counts(1 + pages));
  });
});
