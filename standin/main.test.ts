import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { join } from "node:path";
import type { Client } from "@microsoft/microsoft-graph-client";
import { SecretClient } from "@azure/keyvault-secrets";
import { credentialFor, graphClientFor } from "./clients";
import { generateTenant } from "./generateTenant";

interface Started {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

async function control(
  url: string,
  path: string,
  body: unknown = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}/_control/${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

describe("stand-in as a separate process, driven through /_control", () => {
  let child: ChildProcess;
  let started: Started;
  let client: Client;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      ["--import", "tsx", join(__dirname, "main.ts"), "--users", "50", "--seed", "7", "--page-size", "20"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
    started = JSON.parse(line);
    client = graphClientFor(started, credentialFor(started, started.clientSecret));
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("prints one JSON line and serves the seeded tenant", async () => {
    expect(Object.keys(started).sort()).toEqual(["clientId", "clientSecret", "tenantId", "url"]);
    expect(started.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const expected = generateTenant({ seed: 7, count: 50 });
    const first: { value: { id: string }[]; "@odata.nextLink"?: string } = await client
      .api("/users/delta")
      .select("id,displayName")
      .get();
    expect(first.value.map((u) => u.id)).toEqual(expected.slice(0, 20).map((u) => u.id));
    expect(first["@odata.nextLink"]).toBeDefined();
  });

  it("mutates users and arms faults through control endpoints", async () => {
    const [target] = generateTenant({ seed: 7, count: 1 });
    const id = target!.id;
    expect(await control(started.url, "users/update", { id, patch: { jobTitle: "CTO" } })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect((await client.api(`/users/${id}`).select("jobTitle").get()).jobTitle).toBe("CTO");

    expect(
      (await control(started.url, "faults/throttle", { endpoint: "user", retryAfterSeconds: 0 })).status,
    ).toBe(200);
    expect((await client.api(`/users/${id}`).select("jobTitle").get()).jobTitle).toBe("CTO");
    const log = (await (await fetch(`${started.url}/_control/requests`)).json()) as {
      requests: { endpoint: string; status: number }[];
    };
    expect(log.requests.filter((r) => r.endpoint === "user").map((r) => r.status)).toEqual([200, 429, 200]);

    expect(await control(started.url, "users/softDelete", {})).toEqual({
      status: 400,
      json: { error: 'field "id" must be a non-empty string' },
    });
  });

  it("rotates the client secret and stores Key Vault secrets through control endpoints", async () => {
    const rotated = "Rt58Q~rotated-through-control-endpoint";
    expect(
      (await control(started.url, "keyVault/secret", { name: "graph-secret", value: rotated })).status,
    ).toBe(200);
    expect((await control(started.url, "app/clientSecret", { secret: rotated })).status).toBe(200);
    await expect(
      credentialFor(started, started.clientSecret).getToken(`${started.url}/.default`),
    ).rejects.toThrow(/AADSTS7000215/);
    const vault = new SecretClient(started.url, credentialFor(started, rotated), {
      disableChallengeResourceVerification: true,
    });
    expect((await vault.getSecret("graph-secret")).value).toBe(rotated);
  });

  it("stops on SIGTERM", async () => {
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
